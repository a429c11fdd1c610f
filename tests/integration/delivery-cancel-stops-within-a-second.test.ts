import { describe, expect, it } from "vitest";
import type { Connector } from "@/lib/connector/service";
import { cancelDelivery } from "@/lib/deliveries/repository";
import type { Simulator } from "@/simulator";
import { eventually, quietFor } from "../support/eventually";
import { createSimAccount } from "../support/connector-test-kit";
import {
  frenchMobiles,
  progress,
  recipientStates,
  startDelivery,
  submits,
  unanswered,
  withDispatcher,
} from "../support/delivery-test-kit";

let sim: Simulator;
let connector: Connector;
withDispatcher((s, c) => {
  sim = s;
  connector = c;
});

describe("cancelling a delivery", () => {
  it("stops its submit_sm within one second and leaves the rest pending, answered ones sent", async () => {
    const accountId = await createSimAccount(sim, { throughput: { mtPerSecond: 200, window: 10 } });
    await connector.waitForState(accountId, "bound");
    const id = await startDelivery(accountId, frenchMobiles(3000, 40_000));
    await sim.waitFor((p) => p.command === "submit_sm", { count: 200, timeoutMs: 20_000 });

    const cancelledAt = Date.now();
    expect(await cancelDelivery(id)).toEqual({ ok: true });
    // Wait until the outstanding ones are answered and committed: nothing on the wire any more.
    await eventually(async () => (await unanswered(id)) === 0, 10_000, "no recipient left on the wire");
    const countAfterCancel = submits(sim.received).length;
    // Give a running dispatcher the time to (wrongly) go on.
    await quietFor(1500, () => submits(sim.received).length > countAfterCancel, "a submit_sm after the cancel");
    const all = submits(sim.received);
    expect(all.length).toBe(countAfterCancel);
    const last = Math.max(...all.map((p) => p.at));
    expect(last - cancelledAt).toBeLessThan(1000);

    const p = await progress(id);
    expect(p.status).toBe("cancelled");
    const states = await recipientStates(id);
    // Answered ones are sent (or already delivered: the simulator's receipts come at once).
    expect((states.sent ?? 0) + (states.delivered ?? 0)).toBe(all.length);
    expect(states.pending).toBe(3000 - all.length);
    expect(p.sent).toBe(all.length);
  });
});
