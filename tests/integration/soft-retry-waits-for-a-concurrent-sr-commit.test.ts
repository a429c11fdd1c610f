import { afterAll, describe, expect, it } from "vitest";
import pg from "pg";
import { databaseUrl } from "@/lib/database-url";
import { db } from "@/lib/db";
import { scheduleSoftRetryPg } from "@/lib/deliveries/soft-retry";
import { closeWriter, getWriter } from "@/lib/storage/writer";
import { createSimAccount, eventually, startSim } from "../support/connector-test-kit";
import { testBackend } from "../support/temp-db";

// On PostgreSQL the journal's SR matching runs beside the connector's SR commit, so the SRs of a long message's two
// parts can be applied in two transactions at once: part 1 delivered in one, part 2 failing softly in the other. The
// soft retry must wait for the first and start from "delivered", not read "sent", find the row changed and give up
// (the SR then failed the recipient, no retry). SQLite has one writer: nothing runs beside it.
const onPostgres = testBackend() === "postgres";

afterAll(async () => {
  if (onPostgres) await closeWriter();
});

describe.runIf(onPostgres)("a soft retry beside a concurrent SR commit", () => {
  it("waits for the other part's delivered move and retries the message from there", async () => {
    const sim = await startSim();
    const accountId = await createSimAccount(sim, { enabled: false });
    await sim.stop();
    const delivery = await db.delivery.create({
      data: { accountId, text: "long", status: "running", total: 1, processed: 1, sent: 1, retryCount: 1, retryPeriod: 60 },
    });
    const recipient = await db.recipient.create({
      data: { deliveryId: delivery.id, number: "+33612345678", state: "sent", messageId: "P1" },
    });
    await db.messagePart.create({ data: { accountId, recipientId: recipient.id, messageId: "P1", state: "delivered" } });
    const second = await db.messagePart.create({
      data: { accountId, recipientId: recipient.id, messageId: "P2", state: "failed" },
    });

    // Part 1's SR, applied in another session and not committed yet.
    const other = new pg.Client({ connectionString: databaseUrl() });
    await other.connect();
    try {
      await other.query("BEGIN");
      await other.query(`UPDATE "Recipient" SET state = 'delivered' WHERE id = $1`, [recipient.id]);
      const writer = getWriter();
      if (writer.kind !== "pg") throw new Error("expected PostgreSQL");
      const retry = writer.write((c) =>
        scheduleSoftRetryPg(
          c,
          { recipientId: recipient.id, partId: second.id, accountId },
          { type: "soft", reason: "SR Generic UNDELIV 001 (soft: Undeliverable)", quarantine: false },
          "001",
        ),
      );
      // Committed only once the retry's transaction waits on the recipient's row: the two really overlap.
      await eventually(
        async () =>
          (
            await db.$queryRawUnsafe<{ n: number }[]>(
              `SELECT COUNT(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
            )
          )[0].n === 1,
        10_000,
        "the retry to wait on the recipient's row",
      );
      await other.query("COMMIT");
      expect(await retry).toEqual({ from: "delivered", deliveryId: delivery.id });
    } finally {
      await other.end();
    }
    expect(await db.recipient.findUniqueOrThrow({ where: { id: recipient.id } })).toMatchObject({ state: "retry", retries: 1 });
    expect(await db.delivery.findUniqueOrThrow({ where: { id: delivery.id } })).toMatchObject({
      sent: 0,
      processed: 0,
      retried: 1,
    });
  });
});
