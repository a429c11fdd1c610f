// Shared by the connector-*, mo-* and sr-* integration tests: a simulator on free ports, a routing account pointing
// at it, and a Connector of their own (not the process singleton) with its SR sweep off so tests see exact effects.
import { afterAll, beforeAll } from "vitest";
import { createAccount } from "@/lib/accounts/repository";
import { Connector } from "@/lib/connector/service";
import { closeWriter } from "@/lib/storage/writer";
import { startSimulator, type Simulator, type SimulatorOptions } from "@/simulator";
export { eventually, quietFor } from "./eventually";

export const SYSTEM_ID = "esme";
export const PASSWORD = "pw";

export async function startSim(options: SimulatorOptions = {}): Promise<Simulator> {
  return startSimulator({ systemId: SYSTEM_ID, password: PASSWORD, tlsPort: null, controlPort: null, ...options });
}

type Over = {
  label?: string;
  enabled?: boolean;
  connection?: Record<string, unknown>;
  channel?: Record<string, unknown>;
  throughput?: Record<string, unknown>;
  smsc?: Record<string, unknown>;
  autoReplies?: Record<string, unknown>[];
};

let n = 0;
/** Creates an enabled account bound to the simulator (reconnectDelay 1 s) and returns its id. */
export async function createSimAccount(sim: Simulator, over: Over = {}): Promise<string> {
  n++;
  const r = await createAccount(
    {
      label: over.label ?? `Sim ${n}`,
      internalName: `sim_${n}_${Date.now() % 100000}`,
      enabled: over.enabled ?? true,
      connection: { host: sim.host, port: sim.port, systemId: SYSTEM_ID, password: PASSWORD, ...over.connection },
      channel: { storeIncomingMo: true, ...over.channel },
      throughput: { reconnectDelay: 1, enquireLinkPeriod: 0, bindTimeout: 5, ...over.throughput },
      smsc: { ...over.smsc },
      autoReplies: over.autoReplies ?? [],
    },
    "test",
  );
  if (!r.ok) throw new Error(`account not created: ${JSON.stringify(r)}`);
  return r.account.id;
}

export function newConnector(): Connector {
  return new Connector({ sweepMs: 0, log: () => undefined });
}

/**
 * One simulator (with `options`) and one started Connector for the whole file, stopped (with the SQLite writer) after
 * it; `ready` hands them to the file's tests, as delivery-test-kit's `withDispatcher` does.
 */
export function withConnector(options: SimulatorOptions, ready: (sim: Simulator, connector: Connector) => void): void {
  let sim: Simulator;
  let connector: Connector;
  beforeAll(async () => {
    sim = await startSim(options);
    connector = newConnector();
    await connector.start();
    ready(sim, connector);
  });
  afterAll(async () => {
    await connector.stop();
    await sim.stop();
    await closeWriter();
  });
}
