import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDispatcher, type Dispatcher } from "@/lib/deliveries/dispatch";
import { closeWriter } from "@/lib/storage/writer";
import type { Connector } from "@/lib/connector/service";
import { db } from "@/lib/db";
import type { Simulator } from "@/simulator";
import { createSimAccount, eventually, newConnector, startSim } from "../support/connector-test-kit";
import {
  frenchMobiles,
  maxInAnyWindow,
  progress,
  recipientStates,
  startDelivery,
  submits,
  waitForStatus,
  watchOutstanding,
} from "../support/delivery-test-kit";

let sim: Simulator;
let connector: Connector;
let dispatcher: Dispatcher;
let watched: ReturnType<typeof watchOutstanding>;

beforeAll(async () => {
  sim = await startSim();
  connector = newConnector();
  await connector.start();
  watched = watchOutstanding(connector);
  dispatcher = startDispatcher(watched.connector, { log: () => undefined });
});

afterAll(async () => {
  await dispatcher.stop();
  await connector.stop();
  await sim.stop();
  await closeWriter();
});

describe("a bulk delivery within the account's throughput", () => {
  it("sends 2,000 recipients at mtPerSecond 250 over 2 connections: ≤ 250 per bind and ≤ 500 in all in every 1-second window, window 10 never exceeded, all delivered with matching KPIs", async () => {
    const accountId = await createSimAccount(sim, {
      connection: { connections: 2 },
      throughput: { mtPerSecond: 250, window: 10 },
      channel: { realtimeKpi: true },
    });
    await connector.waitForState(accountId, "bound");
    const numbers = frenchMobiles(2000);
    const id = await startDelivery(accountId, numbers);

    const done = await waitForStatus(id, "finished", 60_000);
    expect(done).toMatchObject({
      total: 2000,
      processed: 2000,
      sent: 2000,
      skipped: 0,
      bouncesAndErrors: 0,
      possiblyDuplicated: 0,
    });

    const received = submits(sim.received);
    expect(received).toHaveLength(2000);
    const sessions = [...new Set(received.map((p) => p.session))];
    expect(sessions).toHaveLength(2);
    for (const s of sessions) {
      const times = received.filter((p) => p.session === s).map((p) => p.at);
      expect(maxInAnyWindow(times)).toBeLessThanOrEqual(250);
      // Both connections carry a fair share.
      expect(times.length).toBeGreaterThan(600);
    }
    expect(maxInAnyWindow(received.map((p) => p.at))).toBeLessThanOrEqual(500);
    // Pacing really happened: 2,000 at ≤ 500 per second take more than 3 seconds of receive times.
    const span = Math.max(...received.map((p) => p.at)) - Math.min(...received.map((p) => p.at));
    expect(span).toBeGreaterThan(3000);
    for (const n of watched.maxOutstanding.values()) expect(n).toBeLessThanOrEqual(10);

    // Every number got exactly one submit_sm, to the digits-only destination.
    const destinations = new Set(received.map((p) => String(p.fields.destination_addr)));
    expect(destinations.size).toBe(2000);
    expect(destinations.has(numbers[0].slice(1))).toBe(true);

    const final = (await eventually(
      async () => {
        const p = await progress(id);
        return p.delivered === 2000 ? p : null;
      },
      20_000,
      "2,000 status reports to be matched",
    ))!;
    expect(final.bouncesAndErrors).toBe(0);
    expect(await recipientStates(id)).toEqual({ delivered: 2000 });
    const parts = await db.messagePart.count({ where: { accountId, recipientId: { not: null }, state: "delivered" } });
    expect(parts).toBe(2000);
    expect(final.rate.length).toBeGreaterThan(0);
    expect(final.finishedAt).not.toBeNull();
  });
});
