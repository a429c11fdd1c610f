import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { JournalThread } from "@/lib/deliveries/journal-thread";
import { releaseDueRetries } from "@/lib/deliveries/soft-retry";
import { SendJournal } from "@/lib/deliveries/send-journal";
import { closeWriter, getWriter } from "@/lib/storage/writer";
import { accountRow } from "../support/account-row";
import { frenchMobiles, recipientStates } from "../support/delivery-test-kit";
import { sentOutcome } from "../support/sent-outcome";
import { testBackend } from "../support/temp-db";

// On SQLite a claim sweeps a delivery in id order and writes one mark instead of "wire" per recipient
// (lib/deliveries/send-journal-sqlite.ts): the swept recipients stay pending, and those between the delivery's
// settled and swept marks are the ones whose submit_sm may have gone. Here, through the journal on the process's
// connection and on its thread, a journal dropped without a word (a crash) leaves exactly its unanswered recipients
// to send again, flagged and counted once; one stopped cleanly (its unsent ones given back) leaves none flagged.
const onPostgres = testBackend() === "postgres";
const threads: JournalThread[] = [];

afterAll(async () => {
  for (const t of threads) await t.close();
  await closeWriter();
});

async function delivery(n: number, offset: number) {
  const accountId = (await db.routingAccount.findFirst({ select: { id: true } }))?.id ?? (await accountRow("Sweep")).id;
  const d = await db.delivery.create({ data: { accountId, text: "Hello", status: "running", total: n } });
  await db.recipient.createMany({ data: frenchMobiles(n, offset).map((number) => ({ deliveryId: d.id, number })) });
  return { id: d.id, accountId };
}

const marks = (id: string) =>
  db.delivery.findUniqueOrThrow({
    where: { id },
    select: { sweptThrough: true, settledThrough: true, possiblyDuplicated: true },
  });

const flagged = async (id: string) =>
  (
    await db.recipient.findMany({
      where: { deliveryId: id, possiblyDuplicated: true },
      select: { id: true },
      orderBy: { id: "asc" },
    })
  ).map((r) => r.id);

async function journal(onThread: boolean, owner: string): Promise<SendJournal> {
  let thread: JournalThread | null = null;
  if (onThread) {
    thread = new JournalThread(process.env.DATABASE_URL!, () => undefined);
    await thread.start();
    threads.push(thread);
  }
  const j = new SendJournal(getWriter(), thread);
  j.owner = owner;
  return j;
}

describe.skipIf(onPostgres).each([
  ["on the connection", false],
  ["on the journal thread", true],
])("the send journal's sweep (%s)", (_, onThread) => {
  it("claims without writing recipients; a crash leaves exactly the unanswered ones to send again, flagged once", async () => {
    const d = await delivery(100, onThread ? 20_000 : 10_000);
    const first = await journal(onThread, "node-a");
    const claimed = await first.claim(d.id, 30, "");
    expect(claimed).toHaveLength(30);
    expect(await recipientStates(d.id)).toEqual({ pending: 100 });
    expect(await marks(d.id)).toMatchObject({ sweptThrough: claimed[29].id, settledThrough: 0 });

    // Answers come back out of order: the 2nd..11th and every third after; the 1st is still out.
    const answered = claimed.filter((_, i) => (i >= 1 && i <= 10) || i % 3 === 0).filter((_, i) => i !== 0);
    for (const r of answered) first.record(sentOutcome(d, r));
    await first.flush();
    expect(await recipientStates(d.id)).toEqual({ sent: answered.length, pending: 100 - answered.length });
    expect((await marks(d.id)).settledThrough).toBe(claimed[0].id - 1);
    first.record(sentOutcome(d, claimed[0]));
    await first.flush();
    // Now the 1st..11th are in: settled up to the first recipient still out (the 12th).
    expect((await marks(d.id)).settledThrough).toBe(claimed[11].id - 1);

    // The process dies here. The next one resumes: the unanswered swept ones, and only they, are flagged.
    const unanswered = claimed.filter((r) => r.id !== claimed[0].id && !answered.includes(r)).map((r) => r.id);
    const next = await journal(onThread, "node-b");
    expect(await next.resumeAfterRestart(d.id)).toBe(unanswered.length);
    expect(await flagged(d.id)).toEqual(unanswered);
    expect(await marks(d.id)).toMatchObject({ settledThrough: claimed[29].id, possiblyDuplicated: unanswered.length });

    // They are claimed again (behind the mark, one by one to "wire"), with the 70 never swept.
    const again = await next.claim(d.id, 200, "");
    expect(again).toHaveLength(unanswered.length + 70);
    expect(again.filter((r) => r.possiblyDuplicated).map((r) => r.id)).toEqual(unanswered);
    expect(await recipientStates(d.id)).toMatchObject({ wire: unanswered.length, pending: 70 });
    for (const r of again) next.record(sentOutcome(d, r));
    await next.flush();
    expect(await recipientStates(d.id)).toEqual({ sent: 100 });
    expect(await next.finishIfDone(d.id)).toBe(true);
    // Counted once: a second restart finds nothing to flag.
    expect(await (await journal(onThread, "node-c")).resumeAfterRestart(d.id)).toBe(0);
    expect((await marks(d.id)).possiblyDuplicated).toBe(unanswered.length);
  });

  it("gives back what it never sent: a restart after a clean stop flags none", async () => {
    const d = await delivery(60, onThread ? 40_000 : 30_000);
    const first = await journal(onThread, "node-a");
    const claimed = await first.claim(d.id, 40, "");
    for (const r of claimed.slice(0, 25)) first.record(sentOutcome(d, r));
    await first.flush();
    await first.release(claimed.slice(25).map((r) => r.id));
    expect((await marks(d.id)).settledThrough).toBe(claimed[39].id);

    const next = await journal(onThread, "node-b");
    expect(await next.resumeAfterRestart(d.id)).toBe(0);
    expect(await flagged(d.id)).toEqual([]);
    const rest = await next.claim(d.id, 100, "");
    expect(rest.map((r) => r.id).sort((a, b) => a - b)).toEqual(
      (await db.recipient.findMany({ where: { deliveryId: d.id, state: { not: "sent" } }, select: { id: true } }))
        .map((r) => r.id)
        .sort((a, b) => a - b),
    );
    expect(rest).toHaveLength(35);
  });

  it("holds a due retry between the marks until the answers before it are written, then claims it one by one", async () => {
    const d = await delivery(20, onThread ? 60_000 : 50_000);
    const j = await journal(onThread, "node-a");
    const claimed = await j.claim(d.id, 10, "");
    const soft = (r: { id: number }) => ({
      ...sentOutcome(d, r),
      state: "retry" as const,
      messageId: null,
      parts: [],
      retryAt: new Date(Date.now() - 1000),
      retries: 1,
    });
    // The 2nd is refused softly and due at once, the 1st is still out: the 2nd stays "retry" (a restart now would
    // count it possibly duplicated if it were pending between the marks, as an unanswered one is).
    j.record(soft(claimed[1]));
    await j.flush();
    expect(await releaseDueRetries(getWriter())).toBe(0);
    // Once the 1st is answered the settled mark passes the 2nd: released, and claimed behind the mark to "wire"; the
    // 3rd..10th, still out, are not handed out again.
    j.record(sentOutcome(d, claimed[0]));
    await j.flush();
    expect(await releaseDueRetries(getWriter())).toBe(1);
    const more = await j.claim(d.id, 100, "");
    expect(more.map((r) => r.id)).toEqual([claimed[1].id, ...(await pendingAfter(d.id, claimed[9].id))]);
    expect((await db.recipient.findUniqueOrThrow({ where: { id: claimed[1].id } })).state).toBe("wire");
    expect(await j.claim(d.id, 100, "")).toEqual([]);
    for (const r of [...claimed.slice(2), ...more]) j.record(sentOutcome(d, r));
    await j.flush();
    expect(await recipientStates(d.id)).toEqual({ sent: 20 });
    expect((await marks(d.id)).possiblyDuplicated).toBe(0);
  });

  it("counts a held retry neither lost nor possibly duplicated after a crash", async () => {
    const d = await delivery(10, onThread ? 80_000 : 70_000);
    const j = await journal(onThread, "node-a");
    const claimed = await j.claim(d.id, 10, "");
    j.record({ ...sentOutcome(d, claimed[4]), state: "retry", messageId: null, parts: [], retryAt: new Date(), retries: 1 });
    await j.flush();
    // Its retry is due, but the 1st..4th are still out: held "retry" (pending, it would be flagged below).
    expect(await releaseDueRetries(getWriter())).toBe(0);
    // The process dies with the 1st..4th and 6th..10th out; the 5th waits for its retry.
    const next = await journal(onThread, "node-b");
    expect(await next.resumeAfterRestart(d.id)).toBe(9);
    expect(await flagged(d.id)).toEqual(claimed.filter((_, i) => i !== 4).map((r) => r.id));
    expect(await releaseDueRetries(getWriter())).toBe(1);
    const again = await next.claim(d.id, 100, "");
    expect(again).toHaveLength(10);
    expect(again.find((r) => r.id === claimed[4].id)?.possiblyDuplicated).toBe(false);
  });
});

async function pendingAfter(deliveryId: string, id: number): Promise<number[]> {
  return (
    await db.recipient.findMany({ where: { deliveryId, id: { gt: id } }, select: { id: true }, orderBy: { id: "asc" } })
  ).map((r) => r.id);
}
