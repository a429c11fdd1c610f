import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { closeWriter } from "@/lib/storage/writer";
import type { Simulator } from "@/simulator";
import { startCutProxy, type CutProxy } from "../support/cut-proxy";
import { startConnectorProcess, type Proc } from "../support/processes";
import { testBackend } from "../support/temp-db";
import { createSimAccount, eventually, startSim, SYSTEM_ID } from "../support/connector-test-kit";

// Issue 10: a network cut between one connector node and PostgreSQL (not a kill: the node lives on and keeps its
// SMSC connections unless it notices). Node 1 reaches PostgreSQL through a proxy that is cut (a black hole both
// ways), node 2 directly. Node 1 must stop its binds on its own (its session probe), node 2 takes the slots once
// PostgreSQL has ended node 1's silent sessions (their keepalive: ~5 s, emulated by the proxy), the SMSC never sees
// more binds than the account's 2 connections, and node 1 comes back to its share when the network does.
const onPostgres = testBackend() === "postgres";
const SERVER_KEEPALIVE_MS = 5000;
let sim: Simulator;
let proxy: CutProxy;
const nodes: Proc[] = [];

const bound = () => db.bindState.findMany({ where: { state: "bound" }, select: { connectionIndex: true, nodeId: true } });
const smscBinds = () => sim.sessions().filter((s) => s.systemId === SYSTEM_ID && s.mode === "transceiver").length;
const nodeOf = (p: Proc) => p.output().match(/\[connector\] started \(node ([^)]+)\)/)![1];

beforeAll(async () => {
  if (!onPostgres) return;
  sim = await startSim();
  const url = new URL(process.env.DATABASE_URL!);
  proxy = await startCutProxy({ host: url.hostname, port: Number(url.port || 5432) });
});

afterAll(async () => {
  if (!onPostgres) return;
  await Promise.all(nodes.map((n) => n.stop(5000)));
  await proxy.close();
  await sim.stop();
  await closeWriter();
});

describe.runIf(onPostgres)("a network cut between a cluster node and PostgreSQL", () => {
  it("the cut node stops its binds, the other takes its slot without a third bind, and the cut node rejoins", async () => {
    await createSimAccount(sim, { connection: { connections: 2 }, throughput: { reconnectDelay: 1 } });
    const viaProxy = new URL(process.env.DATABASE_URL!);
    viaProxy.host = `127.0.0.1:${proxy.port}`;
    const cutNode = startConnectorProcess({ DATABASE_URL: viaProxy.toString() });
    const other = startConnectorProcess();
    nodes.push(cutNode, other);
    await Promise.all(nodes.map((n) => n.waitFor(/\[connector\] started \(node ([^)]+)\)/, 60_000)));
    const [cutId, otherId] = [nodeOf(cutNode), nodeOf(other)];
    await eventually(
      async () => {
        const b = await bound();
        return b.length === 2 && b.some((s) => s.nodeId === cutId) && b.some((s) => s.nodeId === otherId);
      },
      30_000,
      "one slot on each node",
    );
    const cutSlot = (await bound()).find((s) => s.nodeId === cutId)!.connectionIndex;

    proxy.cut();
    const givesUp = setTimeout(() => proxy.serverGivesUp(), SERVER_KEEPALIVE_MS);
    try {
      // The cut node cannot write to the database any more: what shows that it stopped is the SMSC's side.
      await eventually(() => smscBinds() === 1, 20_000, "the cut node's SMSC bind closed");
      await eventually(
        async () => {
          const b = await bound();
          return b.length === 2 && b.every((s) => s.nodeId === otherId) && smscBinds() === 2;
        },
        30_000,
        `slot ${cutSlot} bound by the other node`,
      );
    } finally {
      clearTimeout(givesUp);
    }
    expect(cutNode.child.exitCode).toBeNull();

    proxy.restore();
    await eventually(
      async () => {
        const b = await bound();
        return b.length === 2 && b.some((s) => s.nodeId === cutId) && b.some((s) => s.nodeId === otherId) && smscBinds() === 2;
      },
      40_000,
      "the cut node back to one slot",
    );
    // At no bind, before, during or after the cut, did the SMSC see more than the account's 2 connections.
    expect(sim.stats().bindPeaks[`${SYSTEM_ID} transceiver`]).toBeLessThanOrEqual(2);
  }, 180_000);
});
