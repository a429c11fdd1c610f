import { describe, expect, it } from "vitest";
import type { Connector } from "@/lib/connector/service";
import { cancelDelivery } from "@/lib/deliveries/repository";
import type { Simulator } from "@/simulator";
import { createSimAccount, eventually } from "../support/connector-test-kit";
import { frenchMobiles, startDelivery, submits, waitForStatus, withDispatcher } from "../support/delivery-test-kit";

// GET /api/v1/accounts/{id}/status answers `queue` (api.md): the MT waiting to go. At 2 MT/s most of a delivery's
// claimed recipients wait in the dispatcher, not in the sessions, so the queue must count them.
let sim: Simulator;
let connector: Connector;
withDispatcher((s, c) => {
  sim = s;
  connector = c;
});

describe("account status queue", () => {
  it("counts the MT the dispatcher holds back for mtPerSecond, and is 0 again once the delivery is cancelled", async () => {
    const accountId = await createSimAccount(sim, { throughput: { mtPerSecond: 2, window: 10 } });
    await connector.waitForState(accountId, "bound");
    expect(connector.status(accountId).queue).toBe(0);

    const id = await startDelivery(accountId, frenchMobiles(30, 700));
    const seen = await eventually(
      () => {
        // Submitted first, queue second: a submit in between only makes the check below looser.
        const sent = submits(sim.received).length;
        const queue = connector.status(accountId).queue;
        return queue > 0 ? { sent, queue } : null;
      },
      5000,
      "MT held in the queue",
    );
    // Claimed but not on the wire: never more than the recipients not yet submitted.
    expect(seen.queue).toBeLessThanOrEqual(30 - seen.sent);
    expect(connector.statuses().find((s) => s.accountId === accountId)?.queue).toBeGreaterThan(0);

    expect(await cancelDelivery(id)).toEqual({ ok: true });
    await waitForStatus(id, "cancelled");
    await eventually(() => (connector.status(accountId).queue === 0 ? true : null), 5000, "an empty queue after the cancel");
  });
});
