import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { SendJournal } from "@/lib/deliveries/send-journal";
import { closeWriter, getWriter } from "@/lib/storage/writer";
import { testBackend } from "../support/temp-db";
import { accountRow } from "../support/account-row";

// PostgreSQL (issue 10): the send journal's statements are prepared once per connection. After a few small flushes a
// generic plan (made for small arrays) joined the outcome array to the recipients by nested loop, and the first large
// flush — the backlog after a slow spell — then ran for minutes while every recipient stayed "wire". Each flush must
// be planned for its own arrays and stay a bounded statement.
const onPostgres = testBackend() === "postgres";

afterAll(async () => {
  if (onPostgres) await closeWriter();
});

describe.runIf(onPostgres)("the send journal on PostgreSQL", () => {
  it("writes a flush of 30,000 outcomes after ten small ones", async () => {
    const account = await accountRow("journal");
    const delivery = await db.delivery.create({ data: { accountId: account.id, text: "hi", status: "running", total: 30_100 } });
    const writer = getWriter();
    if (writer.kind !== "pg") throw new Error("PostgreSQL only");
    await writer.query(
      `INSERT INTO "Recipient" ("deliveryId", number) SELECT $1, '+4477' || (10000000 + g)::text FROM generate_series(1, 30100) g`,
      [delivery.id],
    );
    const journal = new SendJournal(writer);
    journal.owner = "test-node";
    const answer = (ids: number[]) => {
      for (const id of ids)
        journal.record({
          deliveryId: delivery.id,
          accountId: account.id,
          recipientId: id,
          state: "sent",
          messageId: `m${id}`,
          reason: null,
          errorCode: null,
          parts: [{ messageId: `m${id}`, state: "sent", status: "ESME_ROK", errorCode: null }],
          newlyPossiblyDuplicated: false,
        });
    };
    for (let i = 0; i < 10; i++) {
      answer((await journal.claim(delivery.id, 10, "")).map((r) => r.id));
      await journal.flush();
    }
    answer((await journal.claim(delivery.id, 30_000, "")).map((r) => r.id));
    await journal.flush();
    expect(await db.recipient.count({ where: { deliveryId: delivery.id, state: "sent" } })).toBe(30_100);
    expect((await db.delivery.findUniqueOrThrow({ where: { id: delivery.id } })).sent).toBe(30_100);
    expect(await journal.finishIfDone(delivery.id)).toBe(true);
  }, 60_000);
});
