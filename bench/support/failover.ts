/**
 * The cluster failover figure (bench/postgres.ts): three connector processes (scripts/connector.ts) on a PostgreSQL
 * database of their own share an account of 2 connections bound to the simulator; the node holding connection 1 is
 * killed with SIGKILL and the time until another node has that slot bound (BindState, as the pages read it) is taken.
 */
import { startSimulator } from "../../simulator";
import { startConnectorProcess, type Proc } from "../../tests/support/processes";
import { createTempPostgresDatabase } from "../../tests/support/temp-db";
import { median } from "./median";

export async function failoverRuns(count: number, log: (m: string) => void): Promise<{ runs: number[]; medianMs: number }> {
  const runs = await failovers(count);
  log(`failover: ${runs.join(", ")} ms`);
  return { runs, medianMs: median(runs) };
}

/** `count` rounds on one database: three nodes started, the holder of connection 1 killed, the others stopped. */
async function failovers(count: number): Promise<number[]> {
  const tmp = await createTempPostgresDatabase("bench-failover-");
  const env = { DATABASE_URL: tmp.url, DATA_DIR: tmp.dir, APP_SECRET: "0".repeat(64) };
  const saved = { ...process.env };
  Object.assign(process.env, env);
  const sim = await startSimulator({ systemId: "bench", password: "bench", tlsPort: null, controlPort: null });
  const nodes: Proc[] = [];
  try {
    const { createAccount } = await import("../../lib/accounts/repository");
    const { db } = await import("../../lib/db");
    const created = await createAccount(
      {
        label: "Failover",
        internalName: `failover_${Date.now()}`,
        enabled: true,
        connection: { host: sim.host, port: sim.port, systemId: "bench", password: "bench", connections: 2 },
        throughput: { reconnectDelay: 1, enquireLinkPeriod: 0, bindTimeout: 5 },
      },
      "bench",
    );
    if (!created.ok) throw new Error(`failover account: ${created.message}`);
    const runs: number[] = [];
    for (let round = 0; round < count; round++) {
      nodes.length = 0;
      for (let n = 0; n < 3; n++) nodes.push(startConnectorProcess(env));
      await Promise.all(nodes.map((p) => p.waitFor(/\[connector\] started \(node ([^)]+)\)/, 60_000)));
      const bound = () => db.bindState.findMany({ where: { state: "bound" }, select: { connectionIndex: true, nodeId: true } });
      const until = async <T>(f: () => Promise<T | null>, ms: number): Promise<T> => {
        const end = Date.now() + ms;
        for (;;) {
          const v = await f();
          if (v) return v;
          if (Date.now() > end) throw new Error("failover bench: timed out");
          await new Promise((r) => setTimeout(r, 20));
        }
      };
      const slots = await until(async () => {
        const b = await bound();
        return b.length === 2 ? b : null;
      }, 30_000);
      const victimNode = slots.find((s) => s.connectionIndex === 0)!.nodeId;
      const victim = nodes.find((p) => p.output().includes(`(node ${victimNode})`))!;
      victim.child.kill("SIGKILL");
      const t0 = Date.now();
      await until(async () => {
        const b = await bound();
        return b.find((s) => s.connectionIndex === 0 && s.nodeId !== victimNode) ?? null;
      }, 30_000);
      runs.push(Date.now() - t0);
      await Promise.all(nodes.map((p) => p.stop(5000)));
    }
    await db.$disconnect();
    return runs;
  } finally {
    await Promise.all(nodes.map((p) => p.stop(5000)));
    await sim.stop();
    process.env = saved;
    await tmp.cleanup();
  }
}
