import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { cancelDelivery } from "@/lib/deliveries/repository";
import { readTrafficOverview } from "@/lib/traffic/overview";
import type { Simulator } from "@/simulator";
import { createSimAccount, eventually } from "../support/connector-test-kit";
import { frenchMobiles, startDelivery, waitForStatus, withDispatcher } from "../support/delivery-test-kit";

// The home page's per-minute counts come from what the connector stored: MT parts it submitted to the simulator, MO
// the simulator pushed, and the receipts it sent back (3 delivered, 1 failed per 4 MT). Rows older than 24 h are out.
let sim: Simulator;
withDispatcher((s) => {
  sim = s;
});

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

describe("home page traffic", () => {
  it("counts per account and per minute the MT submitted, MO received and SR delivered / failed of the last 24 h", async () => {
    sim.setReceipts({ delayMs: 0, outcomes: { DELIVRD: 3, UNDELIV: 1 } });
    const accountId = await createSimAccount(sim);
    const quiet = await createSimAccount(sim, { enabled: false });
    // No retry policy: the soft UNDELIV fail at once (a retry would keep the delivery running).
    const id = await startDelivery(accountId, frenchMobiles(8), undefined, { retryCount: 0 });
    for (let i = 0; i < 3; i++) {
      const r = await sim.pushMo({ from: "33612345678", to: "36000", text: `MO ${i}`, waitForBindMs: 10_000 });
      expect(r.statusName).toMatch(/^ESME_ROK/);
    }
    await waitForStatus(id, "finished");
    await eventually(async () => (await db.statusReport.count({ where: { accountId } })) === 8, 10_000, "8 receipts");
    // An MT and an MO of two days ago: outside the window.
    const old = new Date(Date.now() - 48 * 3600_000);
    await db.messagePart.create({ data: { accountId, state: "sent", createdAt: old } });
    await db.inboundSms.create({
      data: { accountId, origin: "1", destination: "2", message: "old", dataCoding: 0, receivedAt: old, createdAt: old },
    });

    const overview = await readTrafficOverview();
    const mine = overview.accounts.find((a) => a.id === accountId)!;
    expect(mine.series.totals).toEqual({ mt: 8, mo: 3, srDelivered: 6, srFailed: 2 });
    expect(mine.series.mt).toHaveLength(24 * 60);
    expect(sum(mine.series.mt)).toBe(8);
    // Everything happened within the last few minutes: at the end of the window.
    expect(sum(mine.series.mt.slice(-5))).toBe(8);
    expect(sum(mine.series.mo.slice(-5))).toBe(3);
    expect(mine.deliveries).toEqual([]);
    const other = overview.accounts.find((a) => a.id === quiet)!;
    expect(other.series.totals).toEqual({ mt: 0, mo: 0, srDelivered: 0, srFailed: 0 });
    expect(other.status.state).toBe("disabled");
  });

  it("lists the deliveries running now with their progress", async () => {
    const accountId = await createSimAccount(sim, { throughput: { mtPerSecond: 2 } });
    const id = await startDelivery(accountId, frenchMobiles(20, 500));
    const running = await eventually(
      async () => (await readTrafficOverview()).accounts.find((a) => a.id === accountId)!.deliveries.find((d) => d.processed > 0),
      10_000,
      "the delivery under way",
    );
    expect(running).toMatchObject({ id, total: 20 });
    expect(running.processed).toBeLessThan(20);
    expect(await cancelDelivery(id)).toEqual({ ok: true });
    await waitForStatus(id, "cancelled");
    expect((await readTrafficOverview()).accounts.find((a) => a.id === accountId)!.deliveries).toEqual([]);
  });
});
