import { describe, expect, it } from "vitest";
import type { Connector } from "@/lib/connector/service";
import { listRecipientIssues } from "@/lib/deliveries/repository";
import type { Simulator } from "@/simulator";
import { createSimAccount } from "../support/connector-test-kit";
import {
  frenchMobiles,
  recipientStates,
  startDelivery,
  submits,
  waitForStatus,
  withDispatcher,
} from "../support/delivery-test-kit";

let sim: Simulator;
let connector: Connector;
withDispatcher((s, c) => {
  sim = s;
  connector = c;
});

describe("SMSC refusals during a delivery", () => {
  it("slows down on ESME_RTHROTTLED and sends every recipient once it is accepted", async () => {
    // The account says unlimited, the SMSC accepts 100 per second per bind and throttles the rest.
    sim.setThrottle(100);
    const accountId = await createSimAccount(sim, { throughput: { mtPerSecond: 0, window: 20 } });
    await connector.waitForState(accountId, "bound");
    const numbers = frenchMobiles(300, 5000);
    const before = sim.stats();
    const id = await startDelivery(accountId, numbers);
    const done = await waitForStatus(id, "finished", 60_000);
    sim.setThrottle(0);

    const after = sim.stats();
    expect(after.throttled - before.throttled).toBeGreaterThan(0);
    expect(done).toMatchObject({ total: 300, sent: 300, processed: 300, bouncesAndErrors: 0, failed: 0 });
    // Throttled answers are not "on the wire without answer": nobody is possibly duplicated.
    expect(done.possiblyDuplicated).toBe(0);
    // Each number was accepted exactly once: the throttled ones were sent again, nothing more.
    expect(after.submitSm - before.submitSm).toBe(300);
    const tried = submits(sim.received).filter((p) => numbers.includes(`+${p.fields.destination_addr}`));
    expect(tried.length).toBe(300 + after.throttled - before.throttled);
  });

  it("marks recipients failed with the status name when the SMSC refuses for good", async () => {
    const accountId = await createSimAccount(sim, { throughput: { window: 5 } });
    await connector.waitForState(accountId, "bound");
    sim.setFaults({ submitStatus: 0x0b });
    try {
      const id = await startDelivery(accountId, frenchMobiles(20, 9000));
      const done = await waitForStatus(id, "finished", 30_000);
      expect(done).toMatchObject({ total: 20, processed: 20, sent: 0, failed: 20, bouncesAndErrors: 20 });
      expect(await recipientStates(id)).toEqual({ failed: 20 });
      const { items } = await listRecipientIssues(id, "failed");
      expect(items).toHaveLength(20);
      // Named as the error table names it (ESME_RINVDSTADR is hard in every preset).
      expect(items[0]).toMatchObject({
        reason: "SR Generic ESME_RINVDSTADR 0x0000000B (hard: Invalid destination address)",
        errorCode: "0x0000000B",
      });
    } finally {
      sim.setFaults({ submitStatus: null });
    }
  });
});
