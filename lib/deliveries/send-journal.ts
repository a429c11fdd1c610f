import "server-only";
import { sqliteDateTime } from "@/lib/storage/sqlite-writer";
import { getWriter, type Writer } from "@/lib/storage/writer";
import { pgTime } from "@/lib/postgres/text";
import { recountKpisPg, recountKpisSqlite } from "./status-reports";
import { addRateSample, parseRateSamples, type RatePoint } from "./rate-samples";
import { claimPg, flushPg, resumePg } from "./send-journal-pg";
import type { ClaimedRecipient, RecipientOutcome } from "./journal-outcomes";
import type { JournalThread } from "./journal-thread";
import { claimSqlite, flushSqlite, releaseSqlite, resumeSweptSqlite, type Settles } from "./send-journal-sqlite";
import { SendSweep } from "./send-sweep";

export type { ClaimedRecipient, PartOutcome, RecipientOutcome } from "./journal-outcomes";

/**
 * The dispatcher's durable state, in batches (20,000 MT/s with every recipient's state persisted).
 * A recipient is claimed (pending → wire) in the transaction before its submit_sm can go, and its outcome
 * (wire → sent/failed, with its MessagePart rows) is written in group commits every few ms. A crash therefore
 * leaves at most the claimed-but-unanswered recipients in "wire": they are the "possibly duplicated" ones. On
 * SQLite a claim sweeps in id order instead and writes one mark per claim, not "wire" per recipient: the swept ones
 * stay pending, and those between the delivery's settled and swept marks are the possibly duplicated ones (see
 * send-journal-sqlite.ts; this journal keeps each delivery's open sweep, send-sweep.ts). A softly
 * refused message goes the same way to state "retry" (lib/deliveries/refusal-retries.ts), to be claimed again later.
 * Prepared statements on the connector's better-sqlite3 connection (Prisma's query compiler is ~10x slower here,
 * see lib/storage/sqlite-writer.ts). The hot steps' SQLite statements (claim, release, flush) are in
 * send-journal-sqlite.ts, run here or on the journal thread (journal-thread.ts); the PostgreSQL statements of each
 * step are in send-journal-pg.ts.
 */

const SQL = {
  getSamples: `SELECT rateSamples FROM "Delivery" WHERE id = ?`,
  finish: `UPDATE "Delivery" SET status = 'finished', finishedAt = ?
           WHERE id = ? AND status = 'running'
             AND NOT EXISTS (SELECT 1 FROM "Recipient" WHERE deliveryId = ? AND state IN ('pending', 'wire', 'retry'))`,
  running: `SELECT d.id, d.accountId, d.text, d.sender FROM "Delivery" d WHERE d.status = 'running' ORDER BY d.createdAt, d.id`,
  status: `SELECT status FROM "Delivery" WHERE id = ?`,
  // SQLite runs one connector: a claim that is not this process's own is a dead process's.
  resumeFresh: `UPDATE "Recipient" SET state = 'pending', possiblyDuplicated = 1, updatedAt = ?
                WHERE state = 'wire' AND possiblyDuplicated = 0 AND deliveryId = ? AND (claimedBy IS NULL OR claimedBy IS NOT ?) RETURNING id`,
  resumeAgain: `UPDATE "Recipient" SET state = 'pending', updatedAt = ? WHERE state = 'wire' AND deliveryId = ? AND (claimedBy IS NULL OR claimedBy IS NOT ?)`,
  addPossiblyDuplicated: `UPDATE "Delivery" SET possiblyDuplicated = possiblyDuplicated + ? WHERE id = ?`,
  recentUnmatchedSr: `SELECT 1 FROM "StatusReport" WHERE accountId = ? AND matched = 0 AND createdAt >= ? LIMIT 1`,
};

export type RunningDelivery = { id: string; accountId: string; text: string; sender: string };

export class SendJournal {
  private outcomes: RecipientOutcome[] = [];
  /** Per delivery, the MT/s chart points counted since the last flush; `loaded` once merged with the stored ones. */
  private readonly samples = new Map<string, { points: RatePoint[]; dirty: boolean; loaded: boolean }>();
  private flushing: Promise<void> | null = null;
  /** Per delivery, the highest recipient id this journal has claimed (see claimRowsPg). */
  private readonly claimCursors = new Map<string, number>();
  /** SQLite: per delivery, its recipients swept by this journal's claims and not settled yet. */
  private readonly sweeps = new Map<string, SendSweep>();

  /**
   * The connector node claiming recipients (Recipient.claimedBy): after a crash, only claims of owners that are gone
   * are sent again — on PostgreSQL, nodes whose node lock is released (lib/cluster/membership.ts).
   */
  owner: string | null = null;

  /**
   * `thread`: on SQLite, claim, release and flush run on the journal thread's own connection (journal-thread.ts)
   * instead of this process's writer; the other steps stay on `writer`.
   */
  constructor(
    readonly writer: Writer = getWriter(),
    private readonly thread: JournalThread | null = null,
  ) {}

  get buffered(): number {
    return this.outcomes.length;
  }

  /**
   * Claims up to `limit` pending recipients (PostgreSQL: to "wire"; SQLite: swept, see claimSqlite) and returns them;
   * quarantined numbers are skipped instead.
   */
  async claim(deliveryId: string, limit: number, shortCode: string): Promise<ClaimedRecipient[]> {
    const w = this.writer;
    if (w.kind === "pg") {
      const after = this.claimCursors.get(deliveryId) ?? 0;
      const { claimed, lastId } = await w.write((c) => claimPg(c, deliveryId, limit, shortCode, this.owner, after));
      if (lastId > after) this.claimCursors.set(deliveryId, lastId);
      return claimed;
    }
    const call = { op: "claim", deliveryId, limit, shortCode, owner: this.owner } as const;
    const { claimed, sweptFrom, sweptThrough } = this.thread
      ? await this.thread.call(call)
      : await claimSqlite(w, deliveryId, limit, shortCode, this.owner);
    let sweep = this.sweeps.get(deliveryId);
    if (!sweep) this.sweeps.set(deliveryId, (sweep = new SendSweep(sweptFrom)));
    sweep.add(
      claimed.filter((r) => r.id > sweptFrom).map((r) => r.id),
      sweptThrough,
    );
    return claimed;
  }

  /** Per delivery swept, the settled mark it will have once `ids` (by delivery) are settled too (not recorded). */
  private marksWith(ids: Map<string, Set<number>>): Settles {
    return [...ids].flatMap(([id, set]) => {
      const sweep = this.sweeps.get(id);
      return sweep ? [[id, sweep.settledWith(set)] as const] : [];
    });
  }

  /** Records `ids` (by delivery) settled. */
  private settle(ids: Map<string, Set<number>>): void {
    for (const [id, set] of ids) this.sweeps.get(id)?.settle(set);
  }

  /** Puts claimed recipients whose submit_sm never went back to pending (cancel, graceful stop). */
  async release(ids: readonly number[]): Promise<void> {
    if (ids.length === 0) return;
    const w = this.writer;
    if (w.kind === "pg")
      return void (await w.write((c) =>
        c.query(
          `UPDATE "Recipient" SET state = 'pending', "updatedAt" = now() AT TIME ZONE 'UTC' WHERE id = ANY($1::int[]) AND state = 'wire'`,
          [ids],
        ),
      ));
    // Swept ones are pending already: settled at once (unsent), and the marks moved past them.
    const swept: [string, number][] = [];
    for (const [deliveryId, sweep] of this.sweeps) for (const id of ids) if (sweep.has(id)) swept.push([deliveryId, id]);
    const unsent = byDelivery(swept);
    this.settle(unsent);
    const settles = this.marksWith(unsent);
    if (this.thread) await this.thread.call({ op: "release", ids, settles });
    else await releaseSqlite(w, ids, settles);
  }

  /** Drops what this journal keeps of a delivery it no longer runs (nothing of it in flight or unwritten). */
  forget(deliveryId: string): void {
    this.claimCursors.delete(deliveryId);
    this.sweeps.delete(deliveryId);
  }

  /** Buffers one recipient's outcome; `flush` writes it. */
  record(outcome: RecipientOutcome): void {
    this.outcomes.push(outcome);
  }

  /** Counts MT for the chart (sent successfully during `second`). */
  countRate(deliveryId: string, second: number, count: number): void {
    let s = this.samples.get(deliveryId);
    if (!s) {
      s = { points: [], dirty: false, loaded: false };
      this.samples.set(deliveryId, s);
    }
    addRateSample(s.points, second, count);
    s.dirty = true;
  }

  /** Writes every buffered outcome in one transaction (one at a time; a call during a flush waits for it). */
  /**
   * Returns, per account written to, the message ids of the parts just stored: an SR that beat its submit_sm_resp
   * can be matched by id (matchPendingReports) instead of rescanning the account's unmatched reports.
   */
  async flush(): Promise<{ messageIds: Map<string, string[]> }> {
    while (this.flushing) await this.flushing;
    const batch = this.outcomes;
    this.outcomes = [];
    const messageIds = new Map<string, string[]>();
    const dirty = [...this.samples].filter(([, s]) => s.dirty);
    if (batch.length === 0 && dirty.length === 0) return { messageIds };
    const w = this.writer;
    const run = (async () => {
      // The chart points stored before this process counted any (a resumed delivery): merged once, before writing.
      for (const [id, s] of dirty) if (!s.loaded) mergeStoredSamples(s, await this.storedSamples(id));
      if (w.kind === "pg") return w.write((c) => flushPg(c, batch, dirty, messageIds));
      // Taken as they are now: points counted while the transaction runs make the delivery dirty again.
      const samples = dirty.map(([id, s]) => {
        s.dirty = false;
        return [id, JSON.stringify(s.points)] as const;
      });
      // The settled marks as they will be once this batch is written (recorded only after its commit).
      const answered = byDelivery(batch.filter((o) => this.sweeps.has(o.deliveryId)).map((o) => [o.deliveryId, o.recipientId]));
      const settles = this.marksWith(answered);
      const written = this.thread
        ? await this.thread.call({ op: "flush", batch, samples, settles })
        : await flushSqlite(w, batch, samples, settles);
      this.settle(answered);
      for (const [accountId, ids] of written) messageIds.set(accountId, ids);
    })();
    this.flushing = run.then(
      () => undefined,
      () => undefined,
    );
    try {
      await run;
    } catch (e) {
      // Not written: keep them for the next flush (the recipients stay claimed meanwhile).
      this.outcomes = batch.concat(this.outcomes);
      for (const [, s] of dirty) s.dirty = true;
      throw e;
    } finally {
      this.flushing = null;
    }
    return { messageIds };
  }

  private async storedSamples(deliveryId: string): Promise<string | undefined> {
    const w = this.writer;
    if (w.kind === "pg")
      return (await w.query<{ rateSamples: string }>(`SELECT "rateSamples" FROM "Delivery" WHERE id = $1`, [deliveryId]))[0]
        ?.rateSamples;
    return (w.prepare(SQL.getSamples).get(deliveryId) as { rateSamples: string } | undefined)?.rateSamples;
  }

  /** True when an SR of the account arrived recently without a known part (it may have beaten its submit_sm_resp). */
  async hasRecentUnmatchedReports(accountId: string, sinceMs = 120_000): Promise<boolean> {
    const w = this.writer;
    const since = new Date(Date.now() - sinceMs);
    if (w.kind === "pg")
      return (
        (
          await w.query(
            `SELECT 1 FROM "StatusReport" WHERE "accountId" = $1 AND matched = false AND "createdAt" >= $2::timestamp LIMIT 1`,
            [accountId, pgTime(since)],
          )
        ).length > 0
      );
    return !!w.prepare(SQL.recentUnmatchedSr).get(accountId, sqliteDateTime(since));
  }

  /** Ends a running delivery whose every recipient is answered; true when it did. */
  async finishIfDone(deliveryId: string, opts: { recount?: boolean } = {}): Promise<boolean> {
    const w = this.writer;
    // Off real-time KPIs, Delivered and Bounces + Errors are recounted in the transaction that ends the delivery: no
    // reader ever sees it finished with the counters of before its last SRs.
    const changed =
      w.kind === "pg"
        ? await w.write(async (c) => {
            // The Delivery row first: an SR transaction that puts a recipient in "retry" reopens the delivery in the
            // same transaction, so it holds this row. Waited for inside the UPDATE, its commit would go unseen by the
            // NOT EXISTS (READ COMMITTED re-checks only the locked row), ending the delivery under a retry; the
            // UPDATE's own snapshot, taken once the lock is ours, sees it.
            await c.query(`SELECT 1 FROM "Delivery" WHERE id = $1 FOR UPDATE`, [deliveryId]);
            const n =
              (
                await c.query(
                  `UPDATE "Delivery" SET status = 'finished', "finishedAt" = now() AT TIME ZONE 'UTC'
                   WHERE id = $1 AND status = 'running'
                     AND NOT EXISTS (SELECT 1 FROM "Recipient" WHERE "deliveryId" = $1 AND state IN ('pending', 'wire', 'retry'))`,
                  [deliveryId],
                )
              ).rowCount ?? 0;
            if (n > 0 && opts.recount) await recountKpisPg(c, deliveryId);
            return n;
          })
        : await w.write(() => {
            const n = w.prepare(SQL.finish).run(sqliteDateTime(), deliveryId, deliveryId).changes;
            if (n > 0 && opts.recount) recountKpisSqlite(w.prepare, deliveryId);
            return n;
          });
    if (changed > 0) {
      this.samples.delete(deliveryId);
      this.claimCursors.delete(deliveryId);
      this.sweeps.delete(deliveryId);
    }
    return changed > 0;
  }

  async runningDeliveries(): Promise<RunningDelivery[]> {
    const w = this.writer;
    if (w.kind === "pg")
      return w.query<RunningDelivery>(
        `SELECT d.id, d."accountId", d.text, d.sender FROM "Delivery" d WHERE d.status = 'running' ORDER BY d."createdAt", d.id`,
      );
    return w.prepare(SQL.running).all() as RunningDelivery[];
  }

  async deliveryStatus(deliveryId: string): Promise<string | null> {
    const w = this.writer;
    if (w.kind === "pg")
      return (await w.query<{ status: string }>(`SELECT status FROM "Delivery" WHERE id = $1`, [deliveryId]))[0]?.status ?? null;
    return (w.prepare(SQL.status).get(deliveryId) as { status: string } | undefined)?.status ?? null;
  }

  /**
   * PostgreSQL cluster: the claims of another node that has died since (its node lock is gone) go back to pending,
   * flagged and counted possibly duplicated; claims of live nodes and of this one are left alone.
   */
  async resumeDeadClaims(deliveryId: string): Promise<number> {
    const w = this.writer;
    if (w.kind !== "pg" || this.owner === null) return 0;
    return w.write((c) => resumePg(c, deliveryId, this.owner, false));
  }

  /**
   * After a stop (SIGTERM or SIGKILL): recipients still "wire", and on SQLite those swept but not settled, had a
   * submit_sm on the wire, or about to be, without an answer. They are pending to be sent again, flagged and counted
   * as possibly duplicated (once each).
   */
  async resumeAfterRestart(deliveryId: string): Promise<number> {
    const w = this.writer;
    if (w.kind === "pg") return w.write((c) => resumePg(c, deliveryId, this.owner, true));
    // This journal's own sweep of the delivery (a cancelled run resumed in this process) starts again from the marks.
    this.sweeps.delete(deliveryId);
    return w.write(() => {
      const now = sqliteDateTime();
      const fresh = w.prepare(SQL.resumeFresh).all(now, deliveryId, this.owner).length + resumeSweptSqlite(w, deliveryId, now);
      w.prepare(SQL.resumeAgain).run(now, deliveryId, this.owner);
      if (fresh > 0) w.prepare(SQL.addPossiblyDuplicated).run(fresh, deliveryId);
      return fresh;
    });
  }
}

/** Recipient ids grouped by their delivery. */
function byDelivery(pairs: readonly (readonly [deliveryId: string, recipientId: number])[]): Map<string, Set<number>> {
  const out = new Map<string, Set<number>>();
  for (const [deliveryId, id] of pairs) {
    let set = out.get(deliveryId);
    if (!set) out.set(deliveryId, (set = new Set()));
    set.add(id);
  }
  return out;
}

/** Stored chart points (a resumed delivery's) under the ones counted since. */
function mergeStoredSamples(s: { points: RatePoint[]; loaded: boolean }, stored: string | undefined): void {
  const counted = s.points;
  s.points = parseRateSamples(stored);
  for (const [second, , count] of counted) addRateSample(s.points, second, count);
  s.loaded = true;
}
