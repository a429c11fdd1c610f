import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Connector } from "@/lib/connector/service";
import { db } from "@/lib/db";
import { createDelivery, importFinished } from "@/lib/deliveries/repository";
import type { ReceiptStat, Simulator } from "@/simulator";
import { createSimAccount, eventually } from "../support/connector-test-kit";
import { frenchMobiles, progress, submits, withDispatcher } from "../support/delivery-test-kit";

// A two-part message reported part by part (the simulator's per-part receipts, its default): the recipient's outcome
// is the message's. The first failed part decides (a soft error retries the whole message once, a hard one fails
// it), whatever the other part's SR says or when it comes, and Delivered / Bounces + Errors count each recipient
// once. The simulator's script gives each part of the number its outcome in order.
let sim: Simulator;
let connector: Connector;
withDispatcher((s, c) => {
  sim = s;
  connector = c;
});
afterEach(() => {
  sim.setReceipts({ script: {}, delayMs: 0, perPart: true });
  sim.setFaults({ receiptBeforeResponse: false });
});

const LONG = "A message long enough to need two parts on the wire, ".repeat(4);
const errorTable = [
  { match: "SR * UNDELIV 015", type: "hard", reason: "Invalid destination" },
  { match: "SR * UNDELIV *", type: "soft", reason: "Undeliverable" },
];
const SOFT = { stat: "UNDELIV" as ReceiptStat, errorCode: 1 };
const HARD = { stat: "UNDELIV" as ReceiptStat, errorCode: 15 };
const DELIVERED = { stat: "DELIVRD" as ReceiptStat };

const digits = (n: string) => n.replace(/\D/g, "");
let offset = 9600;

/**
 * One recipient, parts one at a time (window 1), its parts' outcomes scripted; resolves once the delivery has
 * finished, its recipient is delivered or failed, and each part submitted has had its SR matched: nothing is left to
 * move the counts (a retry is scheduled in the transaction of the SR that asks for it).
 */
async function sendLong(
  mode: Mode,
  outcomes: { stat: ReceiptStat; errorCode?: number }[],
  /** How many of the parts submitted get an SR: all, or half with first-part receipts. */
  reportedOf = (submitted: number) => submitted,
) {
  const accountId = await createSimAccount(sim, {
    channel: { realtimeKpi: mode.realtime },
    throughput: { window: 1, mtPerSecond: mode.early ? 0 : 1 },
    smsc: { errorTable },
  });
  await connector.waitForState(accountId, "bound");
  const [number] = frenchMobiles(1, (offset += 10));
  sim.setReceipts({ script: { [digits(number)]: outcomes } });
  const r = await createDelivery(
    { accountId, text: LONG, recipients: [number], retryCount: 1, retryPeriodSeconds: 1 },
    { kind: "list" },
    "test",
  );
  if (!r.ok) throw new Error(JSON.stringify(r));
  await importFinished(r.id);
  const recipient = await db.recipient.findFirstOrThrow({ where: { deliveryId: r.id } });
  const sentTo = () => submits(sim.received).filter((p) => p.fields.destination_addr === digits(number));
  await eventually(
    async () => {
      const p = await progress(r.id);
      const { state } = await db.recipient.findUniqueOrThrow({ where: { id: recipient.id } });
      const reported = await db.messagePart.count({
        where: { recipientId: recipient.id, state: { in: ["delivered", "failed"] } },
      });
      return p.status === "finished" && (state === "delivered" || state === "failed") && reported === reportedOf(sentTo().length);
    },
    30_000,
    "the delivery to finish with every part reported",
  );
  const delivery = await db.delivery.findUniqueOrThrow({ where: { id: r.id } });
  return {
    number,
    submitted: sentTo().length,
    recipient: await db.recipient.findUniqueOrThrow({ where: { id: recipient.id } }),
    counts: {
      processed: delivery.processed,
      sent: delivery.sent,
      delivered: delivery.delivered,
      bouncesAndErrors: delivery.bouncesAndErrors,
      retried: delivery.retried,
    },
  };
}

/**
 * How the two SRs reach the recipient. One by one: the parts go 1 s apart (1 MT/s) and each receipt 1.5 s after its
 * part, so each comes once both parts are stored, in an SR batch of its own. Early: each receipt before its
 * submit_sm_resp, so both are stored unmatched and then matched together by the journal's commit (one batch).
 */
type Mode = { how: string; realtime: boolean; early: boolean };
const MODES: Mode[] = [
  { how: "one by one, real-time KPIs", realtime: true, early: false },
  { how: "one by one, KPIs at the end", realtime: false, early: false },
  { how: "both matched together after the commit", realtime: true, early: true },
];

describe.each(MODES)("a long message reported part by part ($how)", (mode) => {
  beforeEach(() => {
    sim.setReceipts({ delayMs: mode.early ? 0 : 1500 });
    sim.setFaults({ receiptBeforeResponse: mode.early });
  });

  it.each([
    { what: "both parts fail softly: the message is sent again once", outcomes: [SOFT, SOFT] },
    { what: "the first part fails softly, the second is delivered: the retry stands", outcomes: [SOFT, DELIVERED] },
    { what: "the first part is delivered, the second fails softly: the message is sent again", outcomes: [DELIVERED, SOFT] },
  ])("$what, then delivered, counted once", async ({ outcomes }) => {
    const r = await sendLong(mode, outcomes);
    expect(r.submitted).toBe(4);
    expect(r.recipient).toMatchObject({ state: "delivered", retries: 1 });
    expect(r.counts).toEqual({ processed: 1, sent: 1, delivered: 1, bouncesAndErrors: 0, retried: 1 });
  });

  it("the first part is delivered, the second fails hard: failed, in Bounces + Errors only, quarantined", async () => {
    const r = await sendLong(mode, [DELIVERED, HARD]);
    const reason = "SR Generic UNDELIV 015 (hard: Invalid destination)";
    expect(r.submitted).toBe(2);
    expect(r.recipient).toMatchObject({ state: "failed", errorCode: "015", reason, retries: 0 });
    expect(r.counts).toEqual({ processed: 1, sent: 1, delivered: 0, bouncesAndErrors: 1, retried: 0 });
    expect(await db.quarantine.findFirst({ where: { number: digits(r.number) } })).toMatchObject({ reason });
  });

  it("both parts fail softly again on the last try: failed once", async () => {
    const r = await sendLong(mode, [SOFT, SOFT, SOFT, SOFT]);
    expect(r.submitted).toBe(4);
    expect(r.recipient).toMatchObject({ state: "failed", retries: 1, reason: "SR Generic UNDELIV 001 (soft: Undeliverable)" });
    expect(r.counts).toEqual({ processed: 1, sent: 1, delivered: 0, bouncesAndErrors: 1, retried: 1 });
  });
});

it("a late SR of a try already sent again changes nothing of the new try's outcome", async () => {
  // First parts only reported: try 1's second part is still waiting for its SR when the message goes again.
  sim.setReceipts({ perPart: false });
  const mode = MODES[0];
  const r = await sendLong(mode, [SOFT, DELIVERED], (submitted) => submitted / 2);
  expect(r.submitted).toBe(4);
  expect(r.recipient).toMatchObject({ state: "delivered", retries: 1 });
  const [, firstTrySecondPart] = await db.messagePart.findMany({
    where: { recipientId: r.recipient.id },
    orderBy: { id: "asc" },
  });
  expect(firstTrySecondPart.state).toBe("sent");
  // Now it comes, a hard error: its part is settled, the recipient (delivered by its new try) stays as it is.
  // On the account's own session: every account of this file binds with the same system_id.
  const session = submits(sim.received).findLast((p) => p.fields.destination_addr === digits(r.number))!.session;
  const pushed = await sim.pushReceipt({
    messageId: firstTrySecondPart.messageId!,
    stat: HARD.stat,
    errorCode: HARD.errorCode,
    session,
  });
  expect(pushed.statusName).toMatch(/^ESME_ROK/);
  await eventually(
    async () => (await db.messagePart.findUniqueOrThrow({ where: { id: firstTrySecondPart.id } })).state === "failed",
    10_000,
    "the late SR to settle its part",
  );
  expect(await db.recipient.findUniqueOrThrow({ where: { id: r.recipient.id } })).toMatchObject({ state: "delivered" });
  const d = await db.delivery.findUniqueOrThrow({ where: { id: r.recipient.deliveryId } });
  expect({ delivered: d.delivered, bouncesAndErrors: d.bouncesAndErrors }).toEqual({ delivered: 1, bouncesAndErrors: 0 });
  expect(await db.quarantine.findFirst({ where: { number: digits(r.number) } })).toBeNull();
});
