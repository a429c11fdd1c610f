import { afterEach, describe, expect, it } from "vitest";
import type { Connector } from "@/lib/connector/service";
import { db } from "@/lib/db";
import { createDelivery, importFinished } from "@/lib/deliveries/repository";
import { COMMAND_STATUS } from "@/lib/smpp/codec/command-status";
import type { Simulator } from "@/simulator";
import { createSimAccount, eventually } from "./connector-test-kit";
import { frenchMobiles, progress, submits, withDispatcher } from "./delivery-test-kit";

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
  sim.setFaults({ submitStatus: null });
});

const digits = (n: string) => n.replace(/\D/g, "");
const softTimes = (n: number) => Array.from({ length: n }, () => ({ stat: "UNDELIV" as const, errorCode: 1 }));

async function deliver(accountId: string, numbers: string[], policy: Record<string, number>): Promise<string> {
  const r = await createDelivery({ accountId, text: "Retry me", recipients: numbers, ...policy }, { kind: "list" }, "test");
  if (!r.ok) throw new Error(JSON.stringify(r));
  await importFinished(r.id);
  return r.id;
}

/** The delivery once finished with every recipient delivered or failed (no retry waiting). */
async function settled(id: string) {
  return eventually(
    async () => {
      const p = await progress(id);
      const open = await db.recipient.count({ where: { deliveryId: id, state: { notIn: ["delivered", "failed"] } } });
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
});
