// Shared by the delivery-* integration tests: numbers, a delivery created through the repository, its progress,
// and the checks on the simulator's received log.
import { afterAll, beforeAll } from "vitest";
import { db } from "@/lib/db";
import {
  startDispatcher,
  type SendPort,
  type Dispatcher,
  type DispatcherOptions,
  type TransmitBind,
} from "@/lib/deliveries/dispatch";
import type { Connector } from "@/lib/connector/service";
import { closeWriter } from "@/lib/storage/writer";
import { createDelivery, getDeliveryProgress, importFinished } from "@/lib/deliveries/repository";
import type { ReceivedPdu, Simulator } from "@/simulator";
import { eventually, newConnector, startSim } from "./connector-test-kit";
export { roleTokens } from "./role-users";

/**
 * For a test file: a simulator, a started connector and a dispatcher for all its tests (beforeAll), stopped and
 * closed after them (afterAll). `ready` receives the simulator and the connector once they run; `options` go to the
 * dispatcher.
 */
export function withDispatcher(
  ready: (sim: Simulator, connector: Connector) => void,
  options: Omit<DispatcherOptions, "log"> = {},
): void {
  let sim: Simulator;
  let connector: Connector;
  let dispatcher: Dispatcher;
  beforeAll(async () => {
    sim = await startSim();
    connector = newConnector();
    await connector.start();
    dispatcher = startDispatcher(connector, { ...options, log: () => undefined });
    ready(sim, connector);
  });
  afterAll(async () => {
    await dispatcher.stop();
    await connector.stop();
    await sim.stop();
    await closeWriter();
  });
}

/** `n` distinct valid French mobile numbers, as +33 6 … strings. */
export function frenchMobiles(n: number, offset = 0): string[] {
  return Array.from({ length: n }, (_, i) => `+336${String(10_000_000 + offset + i).slice(-8)}`);
}

/** A running delivery of `text` to `numbers` (import awaited), with more delivery fields in `more`. */
export async function startDelivery(
  accountId: string,
  numbers: string[],
  text = "Hello from the bulk test",
  more: Record<string, unknown> = {},
): Promise<string> {
  const r = await createDelivery({ accountId, text, recipients: numbers, ...more }, { kind: "list" }, "test");
  if (!r.ok) throw new Error(`delivery not created: ${JSON.stringify(r)}`);
  await importFinished(r.id);
  return r.id;
}

export async function progress(id: string) {
  const p = await getDeliveryProgress(id);
  if (!p) throw new Error(`no delivery ${id}`);
  return p;
}

export async function waitForStatus(id: string, status: string, timeoutMs = 30_000) {
  const p = await eventually(
    async () => {
      const p = await progress(id);
      return p.status === status ? p : null;
    },
    timeoutMs,
    `delivery ${id} to be ${status}`,
  );
  return p!;
}

export async function recipientStates(id: string): Promise<Record<string, number>> {
  const rows = await db.recipient.groupBy({ by: ["state"], where: { deliveryId: id }, _count: { _all: true } });
  return Object.fromEntries(rows.map((r) => [r.state, r._count._all]));
}

/**
 * Recipients claimed without an answer written: "wire" ones, and on SQLite the pending ones between the delivery's
 * settled and swept marks (lib/deliveries/send-journal-sqlite.ts) — what a restart sends again as possibly duplicated.
 */
export async function unanswered(id: string): Promise<number> {
  const { settledThrough, sweptThrough } = await db.delivery.findUniqueOrThrow({ where: { id } });
  const [wire, swept] = await Promise.all([
    db.recipient.count({ where: { deliveryId: id, state: "wire" } }),
    db.recipient.count({ where: { deliveryId: id, state: "pending", id: { gt: settledThrough, lte: sweptThrough } } }),
  ]);
  return wire + swept;
}

export const submits = (received: ReceivedPdu[]) => received.filter((p) => p.command === "submit_sm");

/** The largest number of PDUs whose receive times fall in one window of `windowMs` (every window, sliding). */
export function maxInAnyWindow(times: number[], windowMs = 1000): number {
  const t = [...times].sort((a, b) => a - b);
  let best = 0;
  let lo = 0;
  for (let hi = 0; hi < t.length; hi++) {
    while (t[hi] - t[lo] >= windowMs) lo++;
    best = Math.max(best, hi - lo + 1);
  }
  return best;
}

/** Wraps a connector so that the test sees the most submit_sm ever outstanding on each bind. */
export function watchOutstanding(connector: SendPort): {
  connector: SendPort;
  maxOutstanding: Map<string, number>;
} {
  const current = new Map<string, number>();
  const maxOutstanding = new Map<string, number>();
  const wrap = (b: TransmitBind): TransmitBind => ({
    ...b,
    submit: (fields, timeoutMs) => {
      const n = (current.get(b.key) ?? 0) + 1;
      current.set(b.key, n);
      maxOutstanding.set(b.key, Math.max(maxOutstanding.get(b.key) ?? 0, n));
      const done = () => current.set(b.key, (current.get(b.key) ?? 1) - 1);
      const p = b.submit(fields, timeoutMs);
      p.then(done, done);
      return p;
    },
  });
  return {
    maxOutstanding,
    connector: {
      transmitBinds: (accountId) => connector.transmitBinds(accountId).map(wrap),
      onBindUp: connector.onBindUp?.bind(connector),
      setMtQueue: connector.setMtQueue?.bind(connector),
    },
  };
}
