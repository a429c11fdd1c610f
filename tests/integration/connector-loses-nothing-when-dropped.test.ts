import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getAccount } from "@/lib/accounts/repository";
import { closeWriter } from "@/lib/storage/writer";
import type { Connector } from "@/lib/connector/service";
import { matchPendingReports } from "@/lib/deliveries/status-reports";
import { db } from "@/lib/db";
import { normaliseMessageId } from "@/lib/smpp/codec/status-report";
import { buildSubmitParts } from "@/lib/smpp/submit";
import type { Simulator } from "@/simulator";
import { createSimAccount, eventually, newConnector, startSim } from "../support/connector-test-kit";

let sim: Simulator;
let connector: Connector;

beforeAll(async () => {
  // Receipts come 200 ms after each submit_sm_resp, so that many are in flight when the connection drops.
  sim = await startSim({ receipts: { delayMs: 200 } });
  connector = newConnector();
  await connector.start();
});

afterAll(async () => {
  await connector.stop();
  await sim.stop();
  await closeWriter();
});

/**
 * Like an SMSC: an MO whose deliver_sm_resp never came (or was not OK) is delivered again, after a short retry
 * interval, until acknowledged.
 */
async function pushUntilAcknowledged(from: string, text: string): Promise<number> {
  for (let attempt = 1; ; attempt++) {
    const r = await sim.pushMo({ from, to: "36111", text, waitForBindMs: 10_000 }).catch(() => null);
    if (r && r.status === 0) return attempt;
    if (attempt > 100) throw new Error(`MO ${text} never acknowledged`);
    await new Promise((resolve) => setTimeout(resolve, 50)); // the SMSC's retry interval
  }
}

describe("a connection dropped mid-traffic", () => {
  it("re-binds within reconnectDelay + 1 s and loses no MO and no SR", async () => {
    const accountId = await createSimAccount(sim, {
      channel: { realtimeKpi: true, shortCode: "36111" },
      throughput: { reconnectDelay: 1, window: 50 },
    });
    await connector.waitForState(accountId, "bound");
    const account = (await getAccount(accountId))!;

    // 200 MT with SR requested, recorded like the dispatcher does (a submit lost with the connection is sent again).
    const delivery = await db.delivery.create({ data: { accountId, text: "t", status: "running", total: 200 } });
    const submitOne = async (i: number) => {
      const to = `+336440${String(i).padStart(5, "0")}`;
      const built = buildSubmitParts({ to, text: `MT ${i}`, settings: account, registeredDelivery: true, reference: i & 0xff });
      if (!built.ok) throw new Error(built.error);
      const recipient = await db.recipient.create({ data: { deliveryId: delivery.id, number: to, state: "wire" } });
      for (;;) {
        const bind = connector.transmitBinds(accountId).find((b) => b.bound);
        const resp = bind ? await bind.submit(built.parts[0], 10_000).catch(() => null) : null;
        if (!resp) {
          await connector.waitForState(accountId, "bound", 10_000);
          continue;
        }
        const messageId = normaliseMessageId(resp.messageId, account.smsc.mtIdFormat);
        // One transaction, as the journal writes them: an SR settling the part in between must not be overwritten.
        await db.$transaction([
          db.messagePart.create({ data: { accountId, recipientId: recipient.id, messageId, state: "sent" } }),
          db.recipient.update({ where: { id: recipient.id }, data: { state: "sent", messageId } }),
        ]);
        await matchPendingReports(accountId, { realtimeKpi: true, messageIds: [messageId] });
        return messageId;
      }
    };
    const mts = (async () => {
      const ids: string[] = [];
      for (let i = 0; i < 200; i += 20) ids.push(...(await Promise.all(Array.from({ length: 20 }, (_, k) => submitOne(i + k)))));
      return ids;
    })();

    // 300 MO, 10 at a time, at the same time.
    let acknowledged = 0;
    const texts = Array.from({ length: 300 }, (_, i) => `MO number ${i}`);
    const queue = [...texts];
    const workers = Array.from({ length: 10 }, async (_, w) => {
      for (let text = queue.shift(); text !== undefined; text = queue.shift()) {
        await pushUntilAcknowledged(`3365500000${w}`, text);
        acknowledged++;
      }
    });

    // The SMSC drops the connection once SRs and MOs are flowing.
    await eventually(
      async () => acknowledged >= 30 && (await db.statusReport.count({ where: { accountId } })) >= 20,
      20_000,
      "traffic",
    );
    const droppedAt = Date.now();
    sim.dropConnections();
    const atDrop = { mo: acknowledged, sr: await db.statusReport.count({ where: { accountId } }) };
    await eventually(() => connector.status(accountId).state !== "bound", 5000, "the drop to be noticed");
    await connector.waitForState(accountId, "bound", 5000);
    const rebindMs = Date.now() - droppedAt;
    expect(rebindMs).toBeLessThanOrEqual(1000 + 1000);

    await Promise.all(workers);
    const parts = await mts;
    // Mid-traffic indeed: some MO and SR were still to come when the connection dropped.
    expect(atDrop.mo).toBeLessThan(300);
    expect(atDrop.sr).toBeLessThan(200);

    // Every MO acknowledged by the connector is in the table (an unacknowledged one was sent again).
    const stored = new Set(
      (await db.inboundSms.findMany({ where: { accountId }, select: { message: true } })).map((r) => r.message),
    );
    expect(texts.filter((t) => !stored.has(t))).toEqual([]);

    // Every SR arrived (the simulator re-sends those not acknowledged) and was matched.
    await eventually(
      async () => (await db.messagePart.count({ where: { accountId, state: "delivered" } })) === 200,
      15_000,
      "200 delivered parts",
    );
    const matched = await db.statusReport.findMany({ where: { accountId, matched: true }, select: { messageId: true } });
    expect(new Set(matched.map((m) => m.messageId))).toEqual(new Set(parts));
    expect((await db.delivery.findUniqueOrThrow({ where: { id: delivery.id } })).delivered).toBe(200);
    expect(await db.recipient.count({ where: { deliveryId: delivery.id, state: "delivered" } })).toBe(200);
  });
});
