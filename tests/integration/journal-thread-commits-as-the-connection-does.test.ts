import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sqliteFilePath } from "@/lib/database-url";
import { db } from "@/lib/db";
import { JournalThread } from "@/lib/deliveries/journal-thread";
import { SendJournal } from "@/lib/deliveries/send-journal";
import { closeWriter, getWriter } from "@/lib/storage/writer";
import { accountRow } from "../support/account-row";
import { quietFor } from "../support/eventually";
import { frenchMobiles, recipientStates } from "../support/delivery-test-kit";
import { sentOutcome } from "../support/sent-outcome";
import { testBackend } from "../support/temp-db";

// The connector process runs the send journal's claims and commits on a worker thread with its own SQLite connection
// (lib/deliveries/journal-thread.ts). Here: the same steps on the thread and on the process's own connection leave
// the same rows; a worker killed in the middle of a commit loses no outcome and counts none twice; a lock held by
// another connection is waited for, not failed on. SQLite only (PostgreSQL has no journal thread).
const onPostgres = testBackend() === "postgres";
let thread: JournalThread;

beforeAll(async () => {
  if (onPostgres) return;
  thread = new JournalThread(process.env.DATABASE_URL!, () => undefined);
  await thread.start();
});

afterAll(async () => {
  await thread?.close();
  await closeWriter();
});

async function delivery(numbers: string[]) {
  const accountId = (await db.routingAccount.findFirst({ select: { id: true } }))?.id ?? (await accountRow("Journal")).id;
  const d = await db.delivery.create({ data: { accountId, text: "Hello", status: "running", total: numbers.length } });
  await db.recipient.createMany({ data: numbers.map((number) => ({ deliveryId: d.id, number })) });
  return { id: d.id, accountId };
}

/** Claims 30 of 50 (one quarantined), sends 20, fails 4, releases the rest, writes a chart point; returns what is stored. */
async function steps(journal: SendJournal, offset: number) {
  const numbers = frenchMobiles(50, offset);
  await db.quarantine.create({ data: { number: numbers[3].replace(/\D/g, ""), reason: "STOP" } });
  const d = await delivery(numbers);
  const claimed = await journal.claim(d.id, 30, "");
  for (const r of claimed.slice(0, 20)) journal.record(sentOutcome(d, r));
  for (const r of claimed.slice(20, 24))
    journal.record({
      ...sentOutcome(d, r),
      state: "failed",
      messageId: null,
      reason: "refused",
      errorCode: "0x0000000b",
      parts: [],
    });
  journal.countRate(d.id, 1_000_000, 20);
  const { messageIds } = await journal.flush();
  await journal.release(claimed.slice(24).map((r) => r.id));
  const row = await db.delivery.findUniqueOrThrow({ where: { id: d.id } });
  return {
    claimed: claimed.length,
    states: await recipientStates(d.id),
    skipped: await db.recipient.findMany({ where: { deliveryId: d.id, state: "skipped" }, select: { reason: true } }),
    counters: {
      sent: row.sent,
      failed: row.failed,
      skipped: row.skipped,
      processed: row.processed,
      quarantined: row.quarantined,
    },
    rateSamples: row.rateSamples,
    parts: await db.messagePart.count({
      where: { accountId: d.accountId, messageId: { in: messageIds.get(d.accountId) ?? [] } },
    }),
    messageIds: messageIds.get(d.accountId)?.length,
  };
}

describe.skipIf(onPostgres)("the send journal on its own thread", () => {
  it("claims, commits and releases as the process's own connection does", async () => {
    const onThread = await steps(new SendJournal(getWriter(), thread), 0);
    const onLoop = await steps(new SendJournal(getWriter()), 1000);
    expect(onThread).toEqual(onLoop);
    expect(onThread).toMatchObject({
      claimed: 29,
      states: { sent: 20, failed: 4, pending: 25, skipped: 1 },
      skipped: [{ reason: "Quarantined: STOP" }],
      counters: { sent: 20, failed: 4, skipped: 1, processed: 25, quarantined: 1 },
      parts: 20,
      messageIds: 20,
    });
  });

  it("loses no outcome and counts none twice when its worker dies in the middle of a commit", async () => {
    const d = await delivery(frenchMobiles(2000, 5000));
    const journal = new SendJournal(getWriter(), thread);
    const claimed = await journal.claim(d.id, 2000, "");
    expect(claimed).toHaveLength(2000);
    for (const r of claimed) journal.record(sentOutcome(d, r));
    const flushing = journal.flush();
    await thread.terminate();
    const first = await flushing.then(
      () => "written",
      () => "failed",
    );
    // Written before the worker went, or kept for the next flush: either way the next one (a new worker) finishes it.
    await journal.flush();
    expect(journal.buffered).toBe(0);
    expect(await recipientStates(d.id)).toEqual({ sent: 2000 });
    const row = await db.delivery.findUniqueOrThrow({ where: { id: d.id } });
    expect(row.sent).toBe(2000);
    const ids = claimed.map((r) => r.id);
    expect(await db.messagePart.count({ where: { recipientId: { gte: Math.min(...ids), lte: Math.max(...ids) } } })).toBe(2000);
    expect(["written", "failed"]).toContain(first);
  });

  it("is not started again on every step when its worker cannot open the database", async () => {
    const said: string[] = [];
    const broken = new JournalThread(`file:${path.join(os.tmpdir(), "no-such-folder-here", "app.db")}`, (m) => said.push(m));
    try {
      await expect(broken.start()).rejects.toThrow(/Cannot open database/);
      for (let i = 0; i < 5; i++) await expect(broken.call({ op: "release", ids: [1], settles: [] })).rejects.toThrow();
      // The first death is retried at once, the second makes it pause: two workers for six steps, not six.
      expect(said).toHaveLength(2);
      expect(said[1]).toMatch(/started again in 250 ms/);
      await expect(broken.call({ op: "release", ids: [1], settles: [] })).rejects.toThrow(/started again in \d+ ms/);
    } finally {
      await broken.close();
    }
  });

  it("waits for a write lock held by another connection, then commits", async () => {
    const d = await delivery(frenchMobiles(10, 9000));
    const journal = new SendJournal(getWriter(), thread);
    const other = new Database(sqliteFilePath(process.env.DATABASE_URL!));
    try {
      other.exec("BEGIN IMMEDIATE");
      let settled = false;
      const claiming = journal.claim(d.id, 10, "").finally(() => (settled = true));
      await quietFor(300, () => settled, "a claim while another connection holds the write lock");
      other.exec("COMMIT");
      const claimed = await claiming;
      expect(claimed).toHaveLength(10);
      // Committed: the delivery's sweep mark is past the ten (they stay pending, send-journal-sqlite.ts).
      expect((await db.delivery.findUniqueOrThrow({ where: { id: d.id } })).sweptThrough).toBe(claimed[9].id);
    } finally {
      if (other.inTransaction) other.exec("ROLLBACK");
      other.close();
    }
  });
});
