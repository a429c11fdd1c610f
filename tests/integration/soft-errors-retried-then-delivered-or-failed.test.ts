import { afterEach, describe, expect, it } from "vitest";
import type { Connector } from "@/lib/connector/service";
import { db } from "@/lib/db";
import { createDelivery, importFinished } from "@/lib/deliveries/repository";
import { COMMAND_STATUS } from "@/lib/smpp/codec/command-status";
import type { Simulator } from "@/simulator";
import { createSimAccount, eventually } from "../support/connector-test-kit";
import { frenchMobiles, progress, submits, withDispatcher } from "../support/delivery-test-kit";

// Issue 11: soft errors (the generic preset calls UNDELIV soft) are sent again by the delivery's retry policy, here
// one retry a second, within the validity period; the simulator's receipt script fails a number softly N times.
let sim: Simulator;
let connector: Connector;
withDispatcher((s, c) => {
  sim = s;
  connector = c;
});
afterEach(() => {
  sim.setReceipts({ script: {} });
  sim.setFaults({ submitStatus: null, refuseSubmits: null });
});

const digits = (n: string) => n.replace(/\D/g, "");
const softTimes = (n: number) => Array.from({ length: n }, () => ({ stat: "UNDELIV" as const, errorCode: 1 }));

async function deliver(accountId: string, numbers: string[], policy: Record<string, number>, text = "Retry me"): Promise<string> {
  const r = await createDelivery({ accountId, text, recipients: numbers, ...policy }, { kind: "list" }, "test");
  if (!r.ok) throw new Error(JSON.stringify(r));
  await importFinished(r.id);
  return r.id;
}

/** The delivery once finished with every recipient delivered or failed (no retry waiting). */
async function settled(id: string) {
  return eventually(
    async () => {
      // Recipients first: a delivery may finish before its last SR (then recounted with it), and counters read
      // before that SR's commit would be returned with its recipient read after it.
      const open = await db.recipient.count({ where: { deliveryId: id, state: { notIn: ["delivered", "failed"] } } });
      const p = await progress(id);
      return p.status === "finished" && open === 0 ? p : null;
    },
    30_000,
    `delivery ${id} to settle`,
  );
}

const recipient = (deliveryId: string, number: string) =>
  db.recipient.findFirstOrThrow({ where: { deliveryId, number: { contains: digits(number).slice(-8) } } });
const sentTo = (number: string) => submits(sim.received).filter((p) => p.fields.destination_addr === digits(number));

describe("soft errors and the retry policy", () => {
  it("a number that fails softly once is sent again after the retry period and delivered", async () => {
    const accountId = await createSimAccount(sim);
    await connector.waitForState(accountId, "bound");
    const [flaky, fine] = frenchMobiles(2, 9100);
    sim.setReceipts({ script: { [digits(flaky)]: softTimes(1) } });
    const id = await deliver(accountId, [flaky, fine], { retryCount: 2, retryPeriodSeconds: 1 });
    const done = await settled(id);
    expect(done).toMatchObject({ total: 2, processed: 2, sent: 2, delivered: 2, bouncesAndErrors: 0 });
    expect(sentTo(flaky)).toHaveLength(2);
    expect(sentTo(fine)).toHaveLength(1);
    expect(await recipient(id, flaky)).toMatchObject({ state: "delivered", retries: 1 });
    expect((await db.delivery.findUniqueOrThrow({ where: { id } })).retried).toBe(1);
  });

  it("fails the number with its last error once the retries are used up", async () => {
    const accountId = await createSimAccount(sim);
    await connector.waitForState(accountId, "bound");
    const [stubborn] = frenchMobiles(1, 9200);
    sim.setReceipts({ script: { [digits(stubborn)]: softTimes(5) } });
    const id = await deliver(accountId, [stubborn], { retryCount: 2, retryPeriodSeconds: 1 });
    const done = await settled(id);
    expect(done).toMatchObject({ total: 1, processed: 1, sent: 1, delivered: 0, bouncesAndErrors: 1 });
    expect(sentTo(stubborn)).toHaveLength(3);
    expect(await recipient(id, stubborn)).toMatchObject({
      state: "failed",
      retries: 2,
      reason: "SR Generic UNDELIV 001 (soft: Undeliverable)",
    });
  });

  it("does not retry past the validity period", async () => {
    const accountId = await createSimAccount(sim);
    await connector.waitForState(accountId, "bound");
    const [number] = frenchMobiles(1, 9300);
    sim.setReceipts({ script: { [digits(number)]: softTimes(1) } });
    const id = await deliver(accountId, [number], { retryCount: 3, retryPeriodSeconds: 120, validityPeriodSeconds: 60 });
    await settled(id);
    expect(sentTo(number)).toHaveLength(1);
    expect(await recipient(id, number)).toMatchObject({ state: "failed", retries: 0 });
  });

  it("a submit_sm refused with a soft status (ESME_RSUBMITFAIL) is sent again by the policy", async () => {
    const accountId = await createSimAccount(sim);
    await connector.waitForState(accountId, "bound");
    const [number] = frenchMobiles(1, 9400);
    sim.setFaults({ submitStatus: COMMAND_STATUS.ESME_RSUBMITFAIL });
    const id = await deliver(accountId, [number], { retryCount: 3, retryPeriodSeconds: 2 });
    await sim.waitFor((p) => p.command === "submit_sm" && p.fields.destination_addr === digits(number));
    sim.setFaults({ submitStatus: null });
    await settled(id);
    expect(sentTo(number).length).toBeGreaterThanOrEqual(2);
    expect(await recipient(id, number)).toMatchObject({ state: "delivered" });
    // ESME_RINVDSTADR is hard in the table: failed at once, not retried, and the number goes in quarantine.
    const [bad] = frenchMobiles(1, 9410);
    sim.setFaults({ submitStatus: COMMAND_STATUS.ESME_RINVDSTADR });
    const refused = await deliver(accountId, [bad], { retryCount: 3, retryPeriodSeconds: 1 });
    await settled(refused);
    expect(sentTo(bad)).toHaveLength(1);
    const reason = "SR Generic ESME_RINVDSTADR 0x0000000B (hard: Invalid destination address)";
    expect(await recipient(refused, bad)).toMatchObject({ state: "failed", reason });
    const entry = await eventually(() => db.quarantine.findFirst({ where: { number: digits(bad) } }));
    expect(entry).toMatchObject({ shortCode: "", reason });
  });

  // A two-part message, one submit_sm at a time (window 1).
  const LONG = "A message long enough to need two parts on the wire, ".repeat(4);
  const inRetry = (id: string) => db.recipient.count({ where: { deliveryId: id, state: "retry" } });

  it("a long message whose first part is refused softly waits in state retry and is sent again whole", async () => {
    const accountId = await createSimAccount(sim, { throughput: { window: 1 } });
    await connector.waitForState(accountId, "bound");
    const [number] = frenchMobiles(1, 9500);
    sim.setFaults({ refuseSubmits: { [digits(number)]: [COMMAND_STATUS.ESME_RSUBMITFAIL] } });
    const id = await deliver(accountId, [number], { retryCount: 2, retryPeriodSeconds: 1 }, LONG);
    // Its second part never went: nothing was accepted, so the retry is the database's.
    await eventually(async () => (await inRetry(id)) === 1, 10_000, "the recipient in state retry");
    expect(sentTo(number)).toHaveLength(1);
    await settled(id);
    expect(sentTo(number)).toHaveLength(3);
    expect(await recipient(id, number)).toMatchObject({ state: "delivered", retries: 1, possiblyDuplicated: false });
    expect((await db.delivery.findUniqueOrThrow({ where: { id } })).retried).toBe(1);
  });

  it("a long message whose second part is refused softly sends only that part again (its first was accepted)", async () => {
    const accountId = await createSimAccount(sim, { throughput: { window: 1 } });
    await connector.waitForState(accountId, "bound");
    const [number] = frenchMobiles(1, 9510);
    sim.setFaults({ refuseSubmits: { [digits(number)]: [0, COMMAND_STATUS.ESME_RSUBMITFAIL] } });
    const id = await deliver(accountId, [number], { retryCount: 2, retryPeriodSeconds: 1 }, LONG);
    await sim.waitFor((p) => p.command === "submit_sm" && p.fields.destination_addr === digits(number), { count: 2 });
    expect(await inRetry(id)).toBe(0);
    const done = await settled(id);
    expect(done).toMatchObject({ total: 1, sent: 1, delivered: 1, bouncesAndErrors: 0 });
    // Part 1, part 2 refused, part 2 again: the accepted part is not sent twice.
    const sent = sentTo(number);
    expect(sent).toHaveLength(3);
    expect(sent[2].fields.short_message).toEqual(sent[1].fields.short_message);
    expect(await recipient(id, number)).toMatchObject({ state: "delivered", retries: 1 });
    expect((await db.delivery.findUniqueOrThrow({ where: { id } })).retried).toBe(1);
  });
});
