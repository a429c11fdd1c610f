import "server-only";
import { phoneKey } from "@/lib/smpp/codec/phone";
import { getSqliteWriter, sqliteDateTime, type SqliteWriter } from "@/lib/storage/sqlite-writer";
import { addRateSample, parseRateSamples, type RatePoint } from "./rate-samples";

/**
 * The dispatcher's durable state, in batches (issue 5: 20,000 MT/s with every recipient's state persisted).
 * A recipient is claimed (pending → wire) in the transaction before its submit_sm can go, and its outcome
 * (wire → sent/failed, with its MessagePart rows) is written in group commits every few ms. A crash therefore
 * leaves at most the claimed-but-unanswered recipients in "wire": they are the "possibly duplicated" ones.
 * Prepared statements on the connector's better-sqlite3 connection (Prisma's query compiler is ~10x slower here,
 * see lib/storage/sqlite-writer.ts).
 */
export type ClaimedRecipient = { id: number; number: string; possiblyDuplicated: boolean };

export type PartOutcome = { messageId: string | null; state: "sent" | "failed"; status: string | null; errorCode: string | null };

export type RecipientOutcome = {
  deliveryId: string;
  accountId: string;
  recipientId: number;
  /** skipped: found not sendable when its turn came (e.g. an invalid number). */
  state: "sent" | "failed" | "skipped";
  /** message_id of the first part (the one that asks for the SR), normalised by mtIdFormat. */
  messageId: string | null;
  reason: string | null;
  errorCode: string | null;
  parts: PartOutcome[];
  /** The submit_sm went out again after a timeout or a lost connection: the handset may get it twice. */
  newlyPossiblyDuplicated: boolean;
};

type Counters = { sent: number; failed: number; possiblyDuplicated: number; skipped: number };

const SQL = {
  claim: `UPDATE "Recipient" SET state = 'wire', updatedAt = ?
          WHERE id IN (SELECT id FROM "Recipient" WHERE deliveryId = ? AND state = 'pending' ORDER BY id LIMIT ?)
          RETURNING id, number, possiblyDuplicated`,
  anyQuarantine: `SELECT 1 FROM "Quarantine" LIMIT 1`,
  quarantined: `SELECT number, reason FROM "Quarantine" WHERE shortCode IN ('', ?) AND number IN (SELECT value FROM json_each(?))`,
  skip: `UPDATE "Recipient" SET state = 'skipped', reason = ?, updatedAt = ? WHERE id = ? AND state = 'wire'`,
  addQuarantined: `UPDATE "Delivery" SET skipped = skipped + ?, processed = processed + ?, quarantined = quarantined + ? WHERE id = ?`,
  release: `UPDATE "Recipient" SET state = 'pending', updatedAt = ?
            WHERE id IN (SELECT value FROM json_each(?)) AND state = 'wire'`,
  addCounters: `UPDATE "Delivery" SET sent = sent + ?, failed = failed + ?, bouncesAndErrors = bouncesAndErrors + ?,
                  skipped = skipped + ?, processed = processed + ?, possiblyDuplicated = possiblyDuplicated + ? WHERE id = ?`,
  setSamples: `UPDATE "Delivery" SET rateSamples = ? WHERE id = ?`,
  getSamples: `SELECT rateSamples FROM "Delivery" WHERE id = ?`,
  finish: `UPDATE "Delivery" SET status = 'finished', finishedAt = ?
           WHERE id = ? AND status = 'running'
             AND NOT EXISTS (SELECT 1 FROM "Recipient" WHERE deliveryId = ? AND state IN ('pending', 'wire', 'retry'))`,
  running: `SELECT d.id, d.accountId, d.text, d.sender FROM "Delivery" d WHERE d.status = 'running' ORDER BY d.createdAt, d.id`,
  status: `SELECT status FROM "Delivery" WHERE id = ?`,
  resumeFresh: `UPDATE "Recipient" SET state = 'pending', possiblyDuplicated = 1, updatedAt = ?
                WHERE state = 'wire' AND possiblyDuplicated = 0 AND deliveryId = ? RETURNING id`,
  resumeAgain: `UPDATE "Recipient" SET state = 'pending', updatedAt = ? WHERE state = 'wire' AND deliveryId = ?`,
  addPossiblyDuplicated: `UPDATE "Delivery" SET possiblyDuplicated = possiblyDuplicated + ? WHERE id = ?`,
  recentUnmatchedSr: `SELECT 1 FROM "StatusReport" WHERE accountId = ? AND matched = 0 AND createdAt >= ? LIMIT 1`,
};

/** Outcomes per multi-row UPDATE (6 parameters each). */
const CHUNK = 100;
/** Part rows per INSERT: 7 parameters each, under SQLite's 32,766 even when a message has up to 255 parts. */
const PART_CHUNK = 1000;

/** Moves recipients still "wire" to their outcome; returns the ids that moved. Parameters: 6 per row, then now. */
function finishRecipients(rows: number): string {
  return `WITH v(id, state, messageId, reason, errorCode, dup) AS (VALUES ${Array(rows).fill("(?, ?, ?, ?, ?, ?)").join(", ")})
          UPDATE "Recipient" SET state = v.state, messageId = v.messageId, reason = v.reason, errorCode = v.errorCode,
            possiblyDuplicated = CASE WHEN v.dup THEN 1 ELSE "Recipient".possiblyDuplicated END, updatedAt = ?
          FROM v WHERE "Recipient".id = v.id AND "Recipient".state = 'wire'
          RETURNING "Recipient".id`;
}

function insertParts(rows: number): string {
  return `INSERT INTO "MessagePart" (accountId, recipientId, messageId, state, status, errorCode, createdAt) VALUES ${Array(rows).fill("(?, ?, ?, ?, ?, ?, ?)").join(", ")}`;
}

export type RunningDelivery = { id: string; accountId: string; text: string; sender: string };

export class SendJournal {
  private outcomes: RecipientOutcome[] = [];
  private readonly samples = new Map<string, { points: RatePoint[]; dirty: boolean }>();
  private flushing: Promise<void> | null = null;

  constructor(readonly writer: SqliteWriter = getSqliteWriter()) {}

  get buffered(): number {
    return this.outcomes.length;
  }

  /** Marks up to `limit` pending recipients as on the wire and returns them; quarantined numbers are skipped instead. */
  async claim(deliveryId: string, limit: number, shortCode: string): Promise<ClaimedRecipient[]> {
    const w = this.writer;
    return w.write(() => {
      const now = sqliteDateTime();
      const rows = w.prepare(SQL.claim).all(now, deliveryId, limit) as {
        id: number;
        number: string;
        possiblyDuplicated: number;
      }[];
      rows.sort((a, b) => a.id - b.id);
      let claimed = rows.map((r) => ({ id: r.id, number: r.number, possiblyDuplicated: r.possiblyDuplicated === 1 }));
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
      const row = this.writer.prepare(SQL.getSamples).get(deliveryId) as { rateSamples: string } | undefined;
      s = { points: parseRateSamples(row?.rateSamples), dirty: false };
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
    const run = w.write(() => {
      const now = sqliteDateTime();
      const counters = new Map<string, Counters>();
      // Rows go CHUNK at a time through multi-row statements: a third less time than one statement per row, which
      // matters at 20,000 MT/s.
      for (let from = 0; from < batch.length; from += CHUNK) {
        const chunk = batch.slice(from, from + CHUNK);
        const args: unknown[] = [];
        for (const o of chunk)
          args.push(o.recipientId, o.state, o.messageId, o.reason, o.errorCode, o.newlyPossiblyDuplicated ? 1 : 0);
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
          const c = counters.get(o.deliveryId) ?? { sent: 0, failed: 0, possiblyDuplicated: 0, skipped: 0 };
          if (o.state === "sent") c.sent++;
          else if (o.state === "failed") c.failed++;
          else c.skipped++;
          if (o.newlyPossiblyDuplicated) c.possiblyDuplicated++;
          counters.set(o.deliveryId, c);
        }
        if (partRows > 0) w.prepare(insertParts(partRows)).run(...parts);
      }
      const add = w.prepare(SQL.addCounters);
      for (const [id, c] of counters)
        add.run(c.sent, c.failed, c.failed, c.skipped, c.sent + c.failed + c.skipped, c.possiblyDuplicated, id);
      const setSamples = w.prepare(SQL.setSamples);
      for (const [id, s] of dirty) {
        setSamples.run(JSON.stringify(s.points), id);
        s.dirty = false;
      }
    });
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

  /** True when an SR of the account arrived recently without a known part (it may have beaten its submit_sm_resp). */
  hasRecentUnmatchedReports(accountId: string, sinceMs = 120_000): boolean {
    return !!this.writer.prepare(SQL.recentUnmatchedSr).get(accountId, sqliteDateTime(new Date(Date.now() - sinceMs)));
  }

  /** Ends a running delivery whose every recipient is answered; true when it did. */
  async finishIfDone(deliveryId: string): Promise<boolean> {
    const w = this.writer;
    const changed = await w.write(() => w.prepare(SQL.finish).run(sqliteDateTime(), deliveryId, deliveryId).changes);
    if (changed > 0) this.samples.delete(deliveryId);
    return changed > 0;
  }

  runningDeliveries(): RunningDelivery[] {
    return this.writer.prepare(SQL.running).all() as RunningDelivery[];
  }

  deliveryStatus(deliveryId: string): string | null {
    return (this.writer.prepare(SQL.status).get(deliveryId) as { status: string } | undefined)?.status ?? null;
  }

  /**
   * After a stop (SIGTERM or SIGKILL): recipients still "wire" had a submit_sm on the wire, or about to be, without
   * an answer. They go back to pending to be sent again, flagged and counted as possibly duplicated (once each).
   */
  async resumeAfterRestart(deliveryId: string): Promise<number> {
    const w = this.writer;
    return w.write(() => {
      const now = sqliteDateTime();
      const fresh = w.prepare(SQL.resumeFresh).all(now, deliveryId).length;
      w.prepare(SQL.resumeAgain).run(now, deliveryId);
      if (fresh > 0) w.prepare(SQL.addPossiblyDuplicated).run(fresh, deliveryId);
      return fresh;
    });
  }
}
