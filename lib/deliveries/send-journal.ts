import "server-only";
import { phoneKey } from "@/lib/smpp/codec/phone";
import { sqliteDateTime } from "@/lib/storage/sqlite-writer";
import { getWriter, type Writer } from "@/lib/storage/writer";
import { pgTime } from "@/lib/postgres/text";
import { recountKpisPg, recountKpisSqlite } from "./status-reports";
import { addRateSample, parseRateSamples, type RatePoint } from "./rate-samples";
import { claimPg, flushPg, resumePg } from "./send-journal-pg";
import { count, type ClaimedRecipient, type Counters, type RecipientOutcome } from "./journal-outcomes";

export type { ClaimedRecipient, PartOutcome, RecipientOutcome } from "./journal-outcomes";

/**
 * The dispatcher's durable state, in batches (20,000 MT/s with every recipient's state persisted).
 * A recipient is claimed (pending → wire) in the transaction before its submit_sm can go, and its outcome
 * (wire → sent/failed, with its MessagePart rows) is written in group commits every few ms. A crash therefore
 * leaves at most the claimed-but-unanswered recipients in "wire": they are the "possibly duplicated" ones. A softly
 * refused message goes the same way to state "retry" (lib/deliveries/refusal-retries.ts), to be claimed again later.
 * Prepared statements on the connector's better-sqlite3 connection (Prisma's query compiler is ~10x slower here,
 * see lib/storage/sqlite-writer.ts). The PostgreSQL statements of each step are in send-journal-pg.ts; this file
 * (one class, each step with its SQLite statements beside it) stays over 300 lines on purpose.
 */

const SQL = {
  claim: `UPDATE "Recipient" SET state = 'wire', updatedAt = ?, claimedBy = ?
          WHERE id IN (SELECT id FROM "Recipient" WHERE deliveryId = ? AND state = 'pending' ORDER BY id LIMIT ?)
          RETURNING id, number, possiblyDuplicated, fields, retries`,
  anyQuarantine: `SELECT 1 FROM "Quarantine" LIMIT 1`,
  quarantined: `SELECT number, reason FROM "Quarantine" WHERE shortCode IN ('', ?) AND number IN (SELECT value FROM json_each(?))`,
  skip: `UPDATE "Recipient" SET state = 'skipped', reason = ?, updatedAt = ? WHERE id = ? AND state = 'wire'`,
  addQuarantined: `UPDATE "Delivery" SET skipped = skipped + ?, processed = processed + ?, quarantined = quarantined + ? WHERE id = ?`,
  release: `UPDATE "Recipient" SET state = 'pending', updatedAt = ?
            WHERE id IN (SELECT value FROM json_each(?)) AND state = 'wire'`,
  addCounters: `UPDATE "Delivery" SET sent = sent + ?, failed = failed + ?, bouncesAndErrors = bouncesAndErrors + ?,
                  skipped = skipped + ?, processed = processed + ?, possiblyDuplicated = possiblyDuplicated + ?,
                  retried = retried + ? WHERE id = ?`,
  setSamples: `UPDATE "Delivery" SET rateSamples = ? WHERE id = ?`,
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

/** Outcomes per multi-row UPDATE (8 parameters each). */
const CHUNK = 100;
/** Part rows per INSERT: 7 parameters each, under SQLite's 32,766 even when a message has up to 255 parts. */
const PART_CHUNK = 1000;

/** Moves recipients still "wire" to their outcome; returns the ids that moved. Parameters: 8 per row, then now. */
function finishRecipients(rows: number): string {
  return `WITH v(id, state, messageId, reason, errorCode, dup, retryAt, retries) AS (VALUES ${Array(rows).fill("(?, ?, ?, ?, ?, ?, ?, ?)").join(", ")})
          UPDATE "Recipient" SET state = v.state, messageId = v.messageId, reason = v.reason, errorCode = v.errorCode,
            possiblyDuplicated = CASE WHEN v.dup THEN 1 ELSE "Recipient".possiblyDuplicated END,
            retryAt = COALESCE(v.retryAt, "Recipient".retryAt), retries = "Recipient".retries + v.retries, updatedAt = ?
          FROM v WHERE "Recipient".id = v.id AND "Recipient".state = 'wire'
          RETURNING "Recipient".id`;
}

function insertParts(rows: number): string {
  return `INSERT INTO "MessagePart" (accountId, recipientId, messageId, state, status, errorCode, createdAt) VALUES ${Array(rows).fill("(?, ?, ?, ?, ?, ?, ?)").join(", ")}`;
}

export type RunningDelivery = { id: string; accountId: string; text: string; sender: string };

export class SendJournal {
  private outcomes: RecipientOutcome[] = [];
  /** Per delivery, the MT/s chart points counted since the last flush; `loaded` once merged with the stored ones. */
  private readonly samples = new Map<string, { points: RatePoint[]; dirty: boolean; loaded: boolean }>();
  private flushing: Promise<void> | null = null;
  /** PostgreSQL: per delivery, the highest recipient id this journal has claimed (see claimRowsPg). */
  private readonly claimCursors = new Map<string, number>();

  /**
   * The connector node claiming recipients (Recipient.claimedBy): after a crash, only claims of owners that are gone
   * are sent again — on PostgreSQL, nodes whose node lock is released (lib/cluster/membership.ts).
   */
  owner: string | null = null;

  constructor(readonly writer: Writer = getWriter()) {}

  get buffered(): number {
    return this.outcomes.length;
  }

  /** Marks up to `limit` pending recipients as on the wire and returns them; quarantined numbers are skipped instead. */
  async claim(deliveryId: string, limit: number, shortCode: string): Promise<ClaimedRecipient[]> {
    const w = this.writer;
    if (w.kind === "pg") {
      const after = this.claimCursors.get(deliveryId) ?? 0;
      const { claimed, lastId } = await w.write((c) => claimPg(c, deliveryId, limit, shortCode, this.owner, after));
      if (lastId > after) this.claimCursors.set(deliveryId, lastId);
      return claimed;
    }
    return w.write(() => {
      const now = sqliteDateTime();
      const rows = w.prepare(SQL.claim).all(now, this.owner, deliveryId, limit) as {
        id: number;
        number: string;
        possiblyDuplicated: number;
        fields: string | null;
        retries: number;
      }[];
      rows.sort((a, b) => a.id - b.id);
      let claimed = rows.map((r) => ({
        id: r.id,
        number: r.number,
        possiblyDuplicated: r.possiblyDuplicated === 1,
        fields: r.fields,
        retries: r.retries,
      }));
      if (claimed.length > 0 && w.prepare(SQL.anyQuarantine).get()) {
        // A number quarantined after the import (an STOP MO) is still never submitted.
        const keys = claimed.map((r) => phoneKey(r.number));
        const found = w.prepare(SQL.quarantined).all(shortCode, JSON.stringify(keys)) as { number: string; reason: string }[];
        if (found.length > 0) {
          const why = new Map(found.map((q) => [q.number, q.reason]));
          const keep: ClaimedRecipient[] = [];
          let n = 0;
          for (const r of claimed) {
            const reason = why.get(phoneKey(r.number));
            if (reason === undefined) keep.push(r);
            else {
              w.prepare(SQL.skip).run(`Quarantined${reason ? `: ${reason}` : ""}`, now, r.id);
              n++;
            }
          }
          w.prepare(SQL.addQuarantined).run(n, n, n, deliveryId);
          claimed = keep;
        }
      }
      return claimed;
    });
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
    await w.write(() => {
      const now = sqliteDateTime();
      w.prepare(SQL.release).run(now, JSON.stringify(ids));
    });
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
      return w.write(() => {
        const now = sqliteDateTime();
        const counters = new Map<string, Counters>();
        // Rows go CHUNK at a time through multi-row statements: a third less time than one statement per row, which
        // matters at 20,000 MT/s.
        for (let from = 0; from < batch.length; from += CHUNK) {
          const chunk = batch.slice(from, from + CHUNK);
          const args: unknown[] = [];
          for (const o of chunk)
            args.push(
              o.recipientId,
              o.state,
              o.messageId,
              o.reason,
              o.errorCode,
              o.newlyPossiblyDuplicated ? 1 : 0,
              o.retryAt ? sqliteDateTime(o.retryAt) : null,
              o.retries ?? 0,
            );
          args.push(now);
          // Only recipients still "wire" move: one answered by another dispatcher (two processes on one database) counts once.
          const changed = new Set((w.prepare(finishRecipients(chunk.length)).all(...args) as { id: number }[]).map((r) => r.id));
          let parts: unknown[] = [];
          let partRows = 0;
          for (const o of chunk) {
            let ids = messageIds.get(o.accountId);
            if (!ids) messageIds.set(o.accountId, (ids = []));
            if (!changed.has(o.recipientId)) continue;
            for (const p of o.parts) {
              parts.push(o.accountId, o.recipientId, p.messageId, p.state, p.status, p.errorCode, now);
              if (p.messageId) ids.push(p.messageId);
              if (++partRows === PART_CHUNK) {
                w.prepare(insertParts(partRows)).run(...parts);
                parts = [];
                partRows = 0;
              }
            }
            count(counters, o);
          }
          if (partRows > 0) w.prepare(insertParts(partRows)).run(...parts);
        }
        const add = w.prepare(SQL.addCounters);
        for (const [id, c] of counters)
          add.run(c.sent, c.failed, c.failed, c.skipped, c.sent + c.failed + c.skipped, c.possiblyDuplicated, c.retried, id);
        const setSamples = w.prepare(SQL.setSamples);
        for (const [id, s] of dirty) {
          setSamples.run(JSON.stringify(s.points), id);
          s.dirty = false;
        }
      });
    })();
    this.flushing = run.then(
      () => undefined,
      () => undefined,
    );
    try {
      await run;
    } catch (e) {
      // Not written: keep them for the next flush (the recipients stay "wire" meanwhile).
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
   * After a stop (SIGTERM or SIGKILL): recipients still "wire" had a submit_sm on the wire, or about to be, without
   * an answer. They go back to pending to be sent again, flagged and counted as possibly duplicated (once each).
   */
  async resumeAfterRestart(deliveryId: string): Promise<number> {
    const w = this.writer;
    if (w.kind === "pg") return w.write((c) => resumePg(c, deliveryId, this.owner, true));
    return w.write(() => {
      const now = sqliteDateTime();
      const fresh = w.prepare(SQL.resumeFresh).all(now, deliveryId, this.owner).length;
      w.prepare(SQL.resumeAgain).run(now, deliveryId, this.owner);
      if (fresh > 0) w.prepare(SQL.addPossiblyDuplicated).run(fresh, deliveryId);
      return fresh;
    });
  }
}

/** Stored chart points (a resumed delivery's) under the ones counted since. */
function mergeStoredSamples(s: { points: RatePoint[]; loaded: boolean }, stored: string | undefined): void {
  const counted = s.points;
  s.points = parseRateSamples(stored);
  for (const [second, , count] of counted) addRateSample(s.points, second, count);
  s.loaded = true;
}
