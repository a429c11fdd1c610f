import { describe, expect, it } from "vitest";
import type { Connector } from "@/lib/connector/service";
import type { Simulator } from "@/simulator";
import { createSimAccount, eventually } from "../support/connector-test-kit";
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

describe("a submit_sm without answer", () => {
  it("is sent again after mtTimeout, and its recipient is counted as possibly duplicated", async () => {
    const accountId = await createSimAccount(sim, { throughput: { mtTimeout: 1, window: 5 } });
    await connector.waitForState(accountId, "bound");
    sim.setFaults({ stallSubmits: true });
    const numbers = frenchMobiles(20, 70_000);
    const id = await startDelivery(accountId, numbers);
    // The first window goes out, gets no answer, and goes out again once mtTimeout has passed.
    await sim.waitFor((p) => p.command === "submit_sm", { count: 10, timeoutMs: 15_000 });
    sim.setFaults({ stallSubmits: false });

    const done = await waitForStatus(id, "finished", 30_000);
    expect(done).toMatchObject({ total: 20, processed: 20, sent: 20, failed: 0 });
    const perNumber = new Map<string, number>();
    for (const p of submits(sim.received))
      perNumber.set(String(p.fields.destination_addr), (perNumber.get(String(p.fields.destination_addr)) ?? 0) + 1);
    const resent = numbers.filter((n) => (perNumber.get(n.slice(1)) ?? 0) > 1).length;
    expect(resent).toBeGreaterThanOrEqual(5);
    expect(done.possiblyDuplicated).toBe(resent);
    await eventually(async () => (await recipientStates(id)).delivered === 20, 10_000, "receipts");
  });
});
