import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getAccount } from "@/lib/accounts/repository";
import { closeWriter, getWriter } from "@/lib/storage/writer";
import type { Connector } from "@/lib/connector/service";
import { computeDeliveryKpis, matchPendingReports, storeSrBatch } from "@/lib/deliveries/status-reports";
import { db } from "@/lib/db";
import { cancelDelivery } from "@/lib/deliveries/repository";
import { srErrorQualifier } from "@/lib/accounts/error-table";
import { normaliseMessageId } from "@/lib/smpp/codec/status-report";
import { buildSubmitParts } from "@/lib/smpp/submit";
import type { Simulator } from "@/simulator";
import { createSimAccount, eventually, newConnector, startSim } from "../support/connector-test-kit";

let sim: Simulator;
let connector: Connector;

beforeAll(async () => {
  sim = await startSim({ messageIdFormat: "hex", receipts: { textIdFormat: "decimal" } });
  connector = newConnector();
  await connector.start();
});

afterAll(async () => {
  await connector.stop();
  await sim.stop();
  await closeWriter();
});

/**
 * What the dispatcher does for one recipient: a Recipient on the wire, submit_sm through a transmit
 * bind, then the MessagePart with the id normalised by mtIdFormat — and matchPendingReports after that commit.
 */
async function sendTracked(accountId: string, deliveryId: string, to: string) {
  const account = (await getAccount(accountId))!;
  const recipient = await db.recipient.create({ data: { deliveryId, number: to, state: "wire" } });
  const built = buildSubmitParts({ to, text: "Your code is 1234", settings: account, registeredDelivery: true, reference: 1 });
  if (!built.ok) throw new Error(built.error);
  const [bind] = connector.transmitBinds(accountId);
  const resp = await bind.submit(built.parts[0], 10_000);
  expect(resp.commandStatus).toBe(0);
  const messageId = normaliseMessageId(resp.messageId, account.smsc.mtIdFormat);
  // One transaction, as the journal writes them: an SR processed in between must not see the part without the
  // recipient's move to "sent" (its own move to delivered would then be overwritten).
  const [part] = await db.$transaction([
    db.messagePart.create({ data: { accountId, recipientId: recipient.id, messageId, state: "sent" } }),
    db.recipient.update({ where: { id: recipient.id }, data: { state: "sent", messageId } }),
  ]);
  // As the dispatcher calls it: with the account's error table, so that whichever side matches first (this call or
  // the connector's SR commit, which run concurrently on PostgreSQL) names the error the same way.
  const matchedLater = await matchPendingReports(accountId, {
    realtimeKpi: account.channel.realtimeKpi,
    messageIds: [messageId],
    qualify: srErrorQualifier(account),
  });
  return { recipientId: recipient.id, partId: part.id, messageId, rawId: resp.messageId, matchedLater };
}

async function newDelivery(accountId: string) {
  // No retry policy: a soft SR error fails the recipient at once (soft-errors-retried-then-delivered-or-failed has the retries).
  return db.delivery.create({ data: { accountId, text: "Your code is 1234", status: "running", total: 1, retryCount: 0 } });
}

/** An account without real-time KPIs, bound, and a running delivery of it. */
async function offRealtimeDelivery() {
  const id = await createSimAccount(sim, {
    channel: { realtimeKpi: false },
    smsc: { mtIdFormat: "hexNumber", srIdFormat: "decimal" },
  });
  await connector.waitForState(id, "bound");
  return { id, d: await newDelivery(id) };
}

function deliveredRecipient(id: number) {
  return eventually(
    async () => (await db.recipient.findUniqueOrThrow({ where: { id } })).state === "delivered",
    5000,
    "delivered recipient",
  );
}

describe("status reports", () => {
  let realtimeAccount: string;

  it("marks the part and recipient delivered and moves the real-time KPI as the SR is processed", async () => {
    realtimeAccount = await createSimAccount(sim, {
      channel: { realtimeKpi: true },
      smsc: { mtIdFormat: "hexNumber", srIdFormat: "decimal" },
    });
    await connector.waitForState(realtimeAccount, "bound");
    const d = await newDelivery(realtimeAccount);
    const sent = await sendTracked(realtimeAccount, d.id, "+33633000001");
    await eventually(
      async () => (await db.messagePart.findUniqueOrThrow({ where: { id: sent.partId } })).state === "delivered",
      5000,
      "delivered part",
    );
    expect(await db.recipient.findUniqueOrThrow({ where: { id: sent.recipientId } })).toMatchObject({ state: "delivered" });
    expect(await db.delivery.findUniqueOrThrow({ where: { id: d.id } })).toMatchObject({ delivered: 1, bouncesAndErrors: 0 });
    // hex "1A2B…" in submit_sm_resp, decimal in the receipt text: both normalised to the same decimal id.
    const sr = await db.statusReport.findFirstOrThrow({ where: { accountId: realtimeAccount, messageId: sent.messageId } });
    expect(sr).toMatchObject({ matched: true, verdict: "delivered", status: "DELIVRD" });
    expect(sent.rawId).toMatch(/^[0-9A-F]+$/);
  });

  it("marks a bounced part failed with the SR's error code and counts it in Bounces + Errors", async () => {
    sim.setReceipts({ outcomes: { UNDELIV: 1 }, errorCode: 34, textIdFormat: "decimal" });
    const d = await newDelivery(realtimeAccount);
    const sent = await sendTracked(realtimeAccount, d.id, "+33633000002");
    await eventually(
      async () => (await db.messagePart.findUniqueOrThrow({ where: { id: sent.partId } })).state === "failed",
      5000,
      "failed part",
    );
    expect(await db.messagePart.findUniqueOrThrow({ where: { id: sent.partId } })).toMatchObject({
      status: "UNDELIV",
      errorCode: "034",
    });
    expect(await db.recipient.findUniqueOrThrow({ where: { id: sent.recipientId } })).toMatchObject({
      state: "failed",
      errorCode: "034",
      reason: "SR Generic UNDELIV 034 (soft: Undeliverable)",
    });
    expect(await db.delivery.findUniqueOrThrow({ where: { id: d.id } })).toMatchObject({ delivered: 0, bouncesAndErrors: 1 });
    sim.setReceipts({ outcomes: { DELIVRD: 1 }, textIdFormat: "decimal" });
  });

  it("keeps an SR that arrives before its submit_sm_resp (acknowledged, unmatched) and matches it once the id is written", async () => {
    sim.setFaults({ receiptBeforeResponse: true });
    const d = await newDelivery(realtimeAccount);
    const before = await db.statusReport.count();
    const sent = await sendTracked(realtimeAccount, d.id, "+33633000003");
    // The receipt was answered before the submit_sm_resp came back: it was stored unmatched first.
    const receipt = sim.received.filter((p) => p.command === "deliver_sm_resp").at(-1)!;
    expect(receipt.commandStatus).toBe(0);
    expect(await db.statusReport.count()).toBe(before + 1);
    expect(sent.matchedLater).toBe(1);
    expect(await db.messagePart.findUniqueOrThrow({ where: { id: sent.partId } })).toMatchObject({ state: "delivered" });
    expect(await db.statusReport.findFirstOrThrow({ where: { messageId: sent.messageId } })).toMatchObject({ matched: true });
    expect(await db.delivery.findUniqueOrThrow({ where: { id: d.id } })).toMatchObject({ delivered: 1 });
    sim.setFaults({ receiptBeforeResponse: false });
  });

  it("stores and acknowledges an SR for an unknown message id, and leaves it unmatched", async () => {
    const [bind] = connector.transmitBinds(realtimeAccount);
    const account = (await getAccount(realtimeAccount))!;
    const built = buildSubmitParts({
      to: "+33633000009",
      text: "untracked",
      settings: account,
      registeredDelivery: true,
      reference: 2,
    });
    if (!built.ok) throw new Error(built.error);
    const resp = await bind.submit(built.parts[0], 10_000);
    const id = normaliseMessageId(resp.messageId, "hexNumber");
    const sr = await eventually(() => db.statusReport.findFirst({ where: { messageId: id } }), 5000, "stored SR");
    expect(sr.matched).toBe(false);
  });

  it("matches several waiting SRs in one call once their parts are written, and ignores unknown ids", async () => {
    const [bind] = connector.transmitBinds(realtimeAccount);
    const account = (await getAccount(realtimeAccount))!;
    const d = await newDelivery(realtimeAccount);
    const numbers = ["+33633000011", "+33633000012"];
    const ids: string[] = [];
    for (const to of numbers) {
      const built = buildSubmitParts({ to, text: "later", settings: account, registeredDelivery: true, reference: 3 });
      if (!built.ok) throw new Error(built.error);
      const resp = await bind.submit(built.parts[0], 10_000);
      ids.push(normaliseMessageId(resp.messageId, "hexNumber"));
    }
    // Their SRs come while no part is known: stored and acknowledged, unmatched.
    for (const id of ids) {
      const sr = await eventually(() => db.statusReport.findFirst({ where: { messageId: id } }), 5000, "stored SR");
      expect(sr.matched).toBe(false);
    }
    for (const [i, id] of ids.entries()) {
      const r = await db.recipient.create({ data: { deliveryId: d.id, number: numbers[i], state: "sent", messageId: id } });
      await db.messagePart.create({ data: { accountId: realtimeAccount, recipientId: r.id, messageId: id, state: "sent" } });
    }
    expect(await matchPendingReports(realtimeAccount, { realtimeKpi: true, messageIds: [...ids, "999999999"] })).toBe(2);
    expect(await db.statusReport.count({ where: { messageId: { in: ids }, matched: true } })).toBe(2);
    expect(await db.messagePart.count({ where: { messageId: { in: ids }, state: "delivered" } })).toBe(2);
    expect(await db.delivery.findUniqueOrThrow({ where: { id: d.id } })).toMatchObject({ delivered: 2 });
    // Matched once: a second call finds nothing left.
    expect(await matchPendingReports(realtimeAccount, { realtimeKpi: true, messageIds: ids })).toBe(0);
  });

  it("settles only the newest part when the SMSC has reused a message id", async () => {
    const d = await newDelivery(realtimeAccount);
    const ids: number[] = [];
    for (const number of ["+33633000021", "+33633000022"]) {
      const r = await db.recipient.create({ data: { deliveryId: d.id, number, state: "sent", messageId: "REUSED7" } });
      await db.messagePart.create({
        data: { accountId: realtimeAccount, recipientId: r.id, messageId: "REUSED7", state: "sent" },
      });
      ids.push(r.id);
    }
    const [stored] = await storeSrBatch(getWriter(), [
      {
        accountId: realtimeAccount,
        messageId: "REUSED7",
        status: "DELIVRD",
        errorCode: "000",
        verdict: "delivered",
        raw: "id:REUSED7 stat:DELIVRD",
        realtimeKpi: true,
      },
    ]);
    expect(stored.matched).toBe(true);
    expect((await db.recipient.findUniqueOrThrow({ where: { id: ids[1] } })).state).toBe("delivered");
    expect((await db.recipient.findUniqueOrThrow({ where: { id: ids[0] } })).state).toBe("sent");
    expect(await db.messagePart.count({ where: { messageId: "REUSED7", state: "delivered" } })).toBe(1);
  });

  it("without real-time KPIs leaves the counters to the end of the delivery", async () => {
    const { id, d } = await offRealtimeDelivery();
    const sent = await sendTracked(id, d.id, "+33633000004");
    await deliveredRecipient(sent.recipientId);
    expect(await db.delivery.findUniqueOrThrow({ where: { id: d.id } })).toMatchObject({ delivered: 0 });
    await db.delivery.update({ where: { id: d.id }, data: { status: "finished" } });
    await computeDeliveryKpis(d.id);
    expect(await db.delivery.findUniqueOrThrow({ where: { id: d.id } })).toMatchObject({ delivered: 1, bouncesAndErrors: 0 });
  });

  it("without real-time KPIs, an SR after the end adds its own recipient to the counters, without recounting the delivery", async () => {
    const { id, d } = await offRealtimeDelivery();
    await db.delivery.update({ where: { id: d.id }, data: { status: "finished" } });
    await computeDeliveryKpis(d.id);
    // A recipient delivered out of band after the end's count: a recount of the delivery would count it, an addition
    // of the SR's own recipient does not (an SR batch must not walk a delivery of 100,000 recipients).
    await db.recipient.create({ data: { deliveryId: d.id, number: "+33633000009", state: "delivered" } });
    const sent = await sendTracked(id, d.id, "+33633000005");
    await eventually(
      async () => (await db.delivery.findUniqueOrThrow({ where: { id: d.id } })).delivered > 0,
      5000,
      "delivered counted",
    );
    expect((await db.recipient.findUniqueOrThrow({ where: { id: sent.recipientId } })).state).toBe("delivered");
    expect(await db.delivery.findUniqueOrThrow({ where: { id: d.id } })).toMatchObject({ delivered: 1, bouncesAndErrors: 0 });
  });

  it("without real-time KPIs, a cancel counts Delivered and Bounces + Errors at once", async () => {
    const { id, d } = await offRealtimeDelivery();
    const sent = await sendTracked(id, d.id, "+33633000006");
    await deliveredRecipient(sent.recipientId);
    await db.recipient.create({ data: { deliveryId: d.id, number: "+33633000007", state: "failed" } });
    expect(await db.delivery.findUniqueOrThrow({ where: { id: d.id } })).toMatchObject({ delivered: 0, bouncesAndErrors: 0 });
    expect(await cancelDelivery(d.id)).toEqual({ ok: true });
    expect(await db.delivery.findUniqueOrThrow({ where: { id: d.id } })).toMatchObject({
      status: "cancelled",
      delivered: 1,
      bouncesAndErrors: 1,
    });
  });
});
