import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import type { Simulator } from "@/simulator";
import { startConnectorProcess, type Proc } from "../support/processes";
import { testBackend } from "../support/temp-db";
import { createSimAccount, eventually, startSim, SYSTEM_ID } from "../support/connector-test-kit";
import { frenchMobiles, startDelivery, waitForStatus } from "../support/delivery-test-kit";

// Issue 10: MO flooding in on binds held by two connector nodes while one is killed with SIGKILL. The SMSC (the
// simulator, this process) re-sends every MO that was not acknowledged; an acknowledged MO must be in the table.
const onPostgres = testBackend() === "postgres";
let sim: Simulator;
const nodes: Proc[] = [];

beforeAll(async () => {
  if (onPostgres) sim = await startSim();
});

afterAll(async () => {
  if (!onPostgres) return;
  await Promise.all(nodes.map((n) => n.stop(5000)));
  await sim.stop();
});

describe.runIf(onPostgres)("MO and SR through two cluster nodes", () => {
  it("stores every acknowledged MO when one node is killed mid-flood (acked = stored, 0 lost)", async () => {
    const accountId = await createSimAccount(sim, {
      connection: { connections: 2 },
      channel: { shortCode: "36111" },
      throughput: { reconnectDelay: 1 },
    });
    for (let i = 0; i < 2; i++) nodes.push(startConnectorProcess());
    await Promise.all(nodes.map((n) => n.waitFor(/\[connector\] started \(node ([^)]+)\)/, 60_000)));
    await eventually(
      async () => {
        const b = await db.bindState.findMany({ where: { accountId, state: "bound" }, select: { nodeId: true } });
        return b.length === 2 && new Set(b.map((x) => x.nodeId)).size === 2;
      },
      20_000,
      "one bind on each node",
    );

    const acked = new Set<string>();
    const texts = Array.from({ length: 1500 }, (_, i) => `cluster MO ${i}`);
    const queue = [...texts];
    let killed = false;
    // 20 MO in flight, spread over the bound sessions in turn; one that is refused or lost goes again.
    const workers = Array.from({ length: 20 }, async (_, w) => {
      for (let text = queue.shift(); text !== undefined; text = queue.shift()) {
        for (let attempt = 0; ; attempt++) {
          const bound = sim.sessions().filter((s) => s.systemId === SYSTEM_ID && s.mode === "transceiver");
          const session = bound.length > 0 ? bound[(w + attempt) % bound.length].id : undefined;
          const r = await sim
            .pushMo({ from: `3366000${String(w).padStart(4, "0")}`, to: "36111", text, session, waitForBindMs: 5000 })
            .catch(() => null);
          if (r && r.status === 0) {
            acked.add(text);
            break;
          }
          if (attempt > 200) throw new Error(`${text} never acknowledged`);
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        if (!killed && acked.size >= 300) {
          killed = true;
          nodes[0].child.kill("SIGKILL");
        }
      }
    });
    await Promise.all(workers);
    expect(killed).toBe(true);
    expect(acked.size).toBe(texts.length);
    const stored = (await db.inboundSms.findMany({ where: { accountId }, select: { message: true } })).map((r) => r.message);
    // Every acknowledged MO stored; one stored twice only if the SMSC sent it again after an ack lost with the kill.
    expect(texts.filter((t) => !stored.includes(t))).toEqual([]);
    expect(stored.length - new Set(stored).size).toBeLessThanOrEqual(20);
  }, 180_000);

  it("matches an SR received by one node for an MT the other node sent, and an SR that beat its submit_sm_resp", async () => {
    // The surviving node holds both slots now; a second node joins and takes one (fair share).
    nodes.push(startConnectorProcess());
    const accountId = await createSimAccount(sim, {
      connection: { connections: 2 },
      channel: { realtimeKpi: true },
      // Paced, so that the delivery lasts a few seconds and both nodes' dispatchers claim batches of it.
      throughput: { reconnectDelay: 1, mtPerSecond: 200 },
    });
    await eventually(
      async () => {
        const b = await db.bindState.findMany({ where: { accountId, state: "bound" }, select: { nodeId: true } });
        return b.length === 2 && new Set(b.map((x) => x.nodeId)).size === 2;
      },
      30_000,
      "one bind of the account on each node",
    );
    // Receipts held back: this test sends each one itself, on the other session than the one of its MT.
    sim.setReceipts({ delayMs: 600_000 });
    const numbers = frenchMobiles(1000, 400_000);
    const id = await startDelivery(accountId, numbers);
    await waitForStatus(id, "finished", 60_000);
    const claimers = await db.recipient.groupBy({ by: ["claimedBy"], where: { deliveryId: id }, _count: { _all: true } });
    expect(claimers.length).toBe(2); // both nodes sent part of it
    const mine = new Set(numbers.map((n) => n.replace(/\D/g, "")));
    const submitsTo = new Map(
      sim.received
        .filter((p) => p.command === "submit_sm" && mine.has(String(p.fields.destination_addr)))
        .map((p) => [String(p.fields.destination_addr), p.session]),
    );
    // The account's two sessions (the first test's account binds with the same system_id on others).
    const sessions = [...new Set(submitsTo.values())];
    expect(sessions).toHaveLength(2);
    const parts = await db.recipient.findMany({ where: { deliveryId: id }, select: { number: true, messageId: true } });
    let crossed = 0;
    for (const r of parts) {
      const sentOn = submitsTo.get(r.number.replace(/\D/g, ""));
      const other = sessions.find((x) => x !== sentOn)!;
      const res = await sim.pushReceipt({ messageId: r.messageId!, session: other });
      expect(res.status).toBe(0);
      crossed++;
    }
    expect(crossed).toBe(1000);
    await eventually(
      async () => (await db.recipient.count({ where: { deliveryId: id, state: "delivered" } })) === 1000,
      15_000,
      "every SR matched across nodes",
    );
    expect((await db.delivery.findUniqueOrThrow({ where: { id } })).delivered).toBe(1000);

    // An SR ahead of its submit_sm_resp, on whichever node: stored unmatched, matched once the part is committed.
    sim.setReceipts({ delayMs: 0 });
    sim.setFaults({ receiptBeforeResponse: true });
    const early = await startDelivery(accountId, frenchMobiles(20, 410_000));
    await waitForStatus(early, "finished", 30_000);
    await eventually(
      async () => (await db.recipient.count({ where: { deliveryId: early, state: "delivered" } })) === 20,
      15_000,
      "every early SR matched",
    );
    sim.setFaults({ receiptBeforeResponse: false });
  }, 180_000);
});
