import { describe, expect, it } from "vitest";
import type { Connector } from "@/lib/connector/service";
import type { Simulator } from "@/simulator";
import { createSimAccount, eventually } from "../support/connector-test-kit";
import {
  frenchMobiles,
  progress,
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

describe("a connection dropped in the middle of a delivery", () => {
  it("loses nobody: unanswered submit_sm go again after the re-bind, and only those can be possibly duplicated", async () => {
    const accountId = await createSimAccount(sim, {
      connection: { connections: 2 },
      throughput: { mtPerSecond: 200, window: 10, mtTimeout: 5 },
    });
    await connector.waitForState(accountId, "bound");
    const numbers = frenchMobiles(1000, 20_000);
    const id = await startDelivery(accountId, numbers);

    await sim.waitFor((p) => p.command === "submit_sm", { count: 300, timeoutMs: 20_000 });
    // Both connections close without unbind, with submit_sm in flight.
    sim.dropConnections();
    const atDrop = submits(sim.received).length;
    await eventually(
      () => connector.transmitBinds(accountId).every((b) => b.bound) && submits(sim.received).length > atDrop,
      20_000,
      "re-bind and more submits",
    );

    const done = await waitForStatus(id, "finished", 60_000);
    expect(done).toMatchObject({ total: 1000, processed: 1000, sent: 1000, failed: 0 });

    const received = submits(sim.received);
    const perNumber = new Map<string, number>();
    for (const p of received)
      perNumber.set(String(p.fields.destination_addr), (perNumber.get(String(p.fields.destination_addr)) ?? 0) + 1);
    // Every number reached the SMSC.
    expect(numbers.every((n) => (perNumber.get(n.slice(1)) ?? 0) >= 1)).toBe(true);
    // Numbers sent twice are exactly among those counted as possibly duplicated.
    const twice = [...perNumber.values()].filter((c) => c > 1).length;
    expect(twice).toBeLessThanOrEqual(done.possiblyDuplicated);
    expect(done.possiblyDuplicated).toBeLessThanOrEqual(20); // at most the two windows in flight

    await eventually(async () => (await progress(id)).delivered === 1000, 20_000, "every SR matched");
    expect(await recipientStates(id)).toEqual({ delivered: 1000 });
  });
});
