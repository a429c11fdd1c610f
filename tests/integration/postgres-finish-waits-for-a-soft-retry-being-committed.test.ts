import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { SendJournal } from "@/lib/deliveries/send-journal";
import { scheduleSoftRetryPg } from "@/lib/deliveries/soft-retry";
import { closeWriter, getWriter } from "@/lib/storage/writer";
import { testBackend } from "../support/temp-db";
import { accountRow } from "../support/account-row";
import { eventually } from "../support/eventually";

// PostgreSQL (issue 11): the dispatcher ends a delivery (finishIfDone) while an SR transaction beside it moves its
// last "sent" recipient to "retry" and reopens the delivery. The ending UPDATE waited for that transaction's lock on
// the Delivery row, then re-checked only that row: its NOT EXISTS still read the recipient as "sent" (READ COMMITTED
// re-evaluates the updated row, not the other tables), so the delivery ended with a recipient in "retry" — never
// released (only running deliveries are), the delivery "finished" for good with that number unsent.
const onPostgres = testBackend() === "postgres";

afterAll(async () => {
  if (onPostgres) await closeWriter();
});

describe.runIf(onPostgres)("ending a delivery on PostgreSQL", () => {
  it("does not end it while an SR transaction is putting its last recipient in retry", async () => {
    const account = await accountRow("finish-race");
    const delivery = await db.delivery.create({
      data: { accountId: account.id, text: "hi", status: "running", total: 1, retryCount: 2, retryPeriod: 1 },
    });
    const recipient = await db.recipient.create({
      data: { deliveryId: delivery.id, number: "+33610000001", line: 1, state: "sent", messageId: "m1" },
    });
    const writer = getWriter();
    if (writer.kind !== "pg") throw new Error("PostgreSQL only");
    const journal = new SendJournal(writer);

    // The SR's transaction: the recipient goes to "retry" and the delivery is reopened, not committed yet.
    const sr = await writer.pool.connect();
    try {
      await sr.query("BEGIN");
      const part = { recipientId: recipient.id, partId: 0, accountId: account.id };
      expect(await scheduleSoftRetryPg(sr, part, { type: "soft", reason: "Soft", quarantine: false }, "001")).toMatchObject({
        from: "sent",
      });
      const finishing = journal.finishIfDone(delivery.id);
      // The dispatcher's statement waits on the SR transaction's lock of the Delivery row.
      await eventually(
        async () =>
          (
            await writer.query(
              `SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%"Delivery"%'`,
            )
          ).length > 0,
        10_000,
        "finishIfDone waiting on the Delivery row",
      );
      await sr.query("COMMIT");
      expect(await finishing).toBe(false);
    } finally {
      sr.release();
    }
    expect(await db.delivery.findUniqueOrThrow({ where: { id: delivery.id } })).toMatchObject({ status: "running" });
    expect(await db.recipient.findUniqueOrThrow({ where: { id: recipient.id } })).toMatchObject({ state: "retry" });
  });
});
