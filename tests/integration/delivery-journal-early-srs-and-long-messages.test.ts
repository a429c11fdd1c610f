import { describe, expect, it } from "vitest";
import type { Connector } from "@/lib/connector/service";
import { db } from "@/lib/db";
import { SendJournal, type RecipientOutcome } from "@/lib/deliveries/send-journal";
import type { Simulator } from "@/simulator";
import { createSimAccount, eventually } from "../support/connector-test-kit";
import {
  frenchMobiles,
  progress,
  recipientStates,
  startDelivery,
  waitForStatus,
  withDispatcher,
} from "../support/delivery-test-kit";

// The dispatcher's commit path (SendJournal.flush → matchPendingReports by the ids just written). The connector
// here has no periodic sweep (sweepMs 0), so an SR that came before its submit_sm_resp is matched by the dispatcher
// or not at all.
let sim: Simulator;
let connector: Connector;
withDispatcher((s, c) => {
  sim = s;
  connector = c;
});

describe("the delivery journal", () => {
  it("matches SRs that arrived before their submit_sm_resp by the message ids it has just written", async () => {
    const accountId = await createSimAccount(sim, { channel: { realtimeKpi: true } });
    await connector.waitForState(accountId, "bound");
    sim.setFaults({ receiptBeforeResponse: true });
    try {
      const id = await startDelivery(accountId, frenchMobiles(40, 900));
      await waitForStatus(id, "finished");
      // Every SR was stored unmatched first (its part did not exist yet), then matched after the part's commit.
      const p = await eventually(
        async () => {
          const p = await progress(id);
          return p.delivered === 40 ? p : null;
        },
        10_000,
        "40 delivered",
      );
      expect(p).toMatchObject({ sent: 40, delivered: 40, bouncesAndErrors: 0 });
      expect(await recipientStates(id)).toEqual({ delivered: 40 });
      expect(await db.statusReport.count({ where: { accountId, matched: false } })).toBe(0);
    } finally {
      sim.setFaults({ receiptBeforeResponse: false });
    }
  });

  it("stores 100 answered messages of 60 parts in one flush (7 parameters per part row: over SQLite's 32,766 in one INSERT)", async () => {
    const accountId = await createSimAccount(sim, { enabled: false });
    const delivery = await db.delivery.create({ data: { accountId, text: "long", status: "cancelled", total: 100 } });
    const recipients = await Promise.all(
      frenchMobiles(100, 1000).map((number) => db.recipient.create({ data: { deliveryId: delivery.id, number, state: "wire" } })),
    );
    const journal = new SendJournal();
    for (const r of recipients) {
      const outcome: RecipientOutcome = {
        deliveryId: delivery.id,
        accountId,
        recipientId: r.id,
        state: "sent",
        messageId: `L${r.id}-0`,
        reason: null,
        errorCode: null,
        parts: Array.from({ length: 60 }, (_, i) => ({
          messageId: `L${r.id}-${i}`,
          state: "sent",
          status: null,
          errorCode: null,
        })),
        newlyPossiblyDuplicated: false,
      };
      journal.record(outcome);
    }
    const { messageIds } = await journal.flush();
    expect(messageIds.get(accountId)).toHaveLength(6000);
    expect(await db.messagePart.count({ where: { accountId } })).toBe(6000);
    expect(await recipientStates(delivery.id)).toEqual({ sent: 100 });
    expect(journal.buffered).toBe(0);
  });
});
