import "server-only";
import { phoneKey } from "@/lib/smpp/codec/phone";
import { sqliteDateTime, type SqliteWriter } from "@/lib/storage/sqlite-writer";
import { count, type ClaimedRecipient, type Counters, type RecipientOutcome } from "./journal-outcomes";

/**
 * The send journal's hot steps on SQLite (claim, release, flush), as functions of a writer: send-journal.ts runs them
 * on the connector's writer, or hands them to the journal thread (journal-thread.ts), which runs them on its own
 * connection, so that the SQLite work of every MT leaves the event loop that keeps the binds.
 * Each runs in one IMMEDIATE transaction of `w.write`.
 *
 * A claim sweeps the delivery in id order without writing its recipients: they stay "pending" and the claim moves
 * the delivery's `sweptThrough` mark past them (one row written per claim instead of one per recipient: the claim's
 * write was a fifth of the journal's CPU per MT). Flushes and releases move `settledThrough` (the journal computes
 * it, send-sweep.ts) once every swept recipient up to it has its outcome written or was given back; a pending
 * recipient between the two marks is one whose submit_sm may be on the wire, as "wire" is for a claim per row — so a
 * restart sends those again, flagged possibly duplicated (send-journal.ts, resumeAfterRestart). Recipients behind
 * the settled mark that are pending again (a retry due, a release, a resume) are claimed the old way, one by one to
 * "wire". SQLite runs one connector: nothing else claims between the marks.
 */

const SQL = {
  marks: `SELECT sweptThrough, settledThrough FROM "Delivery" WHERE id = ?`,
  // Pending rows past the sweep in id order (index deliveryId, state, id), read, not written: see claimSqlite.
  sweep: `SELECT id, number, possiblyDuplicated, fields, retries FROM "Recipient"
          WHERE deliveryId = ? AND id > ? AND state = 'pending' ORDER BY id LIMIT ?`,
  setSwept: `UPDATE "Delivery" SET sweptThrough = ? WHERE id = ?`,
  // Pending rows behind the settled mark (pending again: a retry due, a release, a resume), claimed one by one.
  claimBehind: `UPDATE "Recipient" SET state = 'wire', updatedAt = ?, claimedBy = ?
          WHERE id IN (SELECT id FROM "Recipient" WHERE deliveryId = ? AND id <= ? AND state = 'pending' ORDER BY id LIMIT ?)
          RETURNING id, number, possiblyDuplicated, fields, retries`,
  // Never backwards: a flush computed before a release may commit after it.
  settle: `UPDATE "Delivery" SET settledThrough = MAX(settledThrough, ?) WHERE id = ?`,
  // Swept but not settled: their submit_sm may have gone. Pending already, so only flagged (see resumeSweptSqlite).
  resumeSwept: `UPDATE "Recipient" SET possiblyDuplicated = 1, updatedAt = ?
                WHERE deliveryId = ? AND state = 'pending' AND possiblyDuplicated = 0 AND id > ? AND id <= ? RETURNING id`,
  settleAll: `UPDATE "Delivery" SET settledThrough = sweptThrough WHERE id = ?`,
  anyQuarantine: `SELECT 1 FROM "Quarantine" LIMIT 1`,
  quarantined: `SELECT number, reason FROM "Quarantine" WHERE shortCode IN ('', ?) AND number IN (SELECT value FROM json_each(?))`,
  skip: `UPDATE "Recipient" SET state = 'skipped', reason = ?, updatedAt = ? WHERE id = ? AND state IN ('wire', 'pending')`,
  addQuarantined: `UPDATE "Delivery" SET skipped = skipped + ?, processed = processed + ?, quarantined = quarantined + ? WHERE id = ?`,
  release: `UPDATE "Recipient" SET state = 'pending', updatedAt = ?
            WHERE id IN (SELECT value FROM json_each(?)) AND state = 'wire'`,
  addCounters: `UPDATE "Delivery" SET sent = sent + ?, failed = failed + ?, bouncesAndErrors = bouncesAndErrors + ?,
                  skipped = skipped + ?, processed = processed + ?, possiblyDuplicated = possiblyDuplicated + ?,
                  retried = retried + ? WHERE id = ?`,
  setSamples: `UPDATE "Delivery" SET rateSamples = ? WHERE id = ?`,
};

/** Outcomes per multi-row UPDATE (8 parameters each). */
const CHUNK = 100;
/** Part rows per INSERT: 7 parameters each, under SQLite's 32,766 even when a message has up to 255 parts. */
const PART_CHUNK = 1000;

/**
 * Moves recipients still open (claimed "wire", or swept and still "pending") to their outcome; returns the ids that
 * moved. Parameters: 8 per row, then now.
 */
function finishRecipients(rows: number): string {
  return `WITH v(id, state, messageId, reason, errorCode, dup, retryAt, retries) AS (VALUES ${Array(rows).fill("(?, ?, ?, ?, ?, ?, ?, ?)").join(", ")})
          UPDATE "Recipient" SET state = v.state, messageId = v.messageId, reason = v.reason, errorCode = v.errorCode,
            possiblyDuplicated = CASE WHEN v.dup THEN 1 ELSE "Recipient".possiblyDuplicated END,
            retryAt = COALESCE(v.retryAt, "Recipient".retryAt), retries = "Recipient".retries + v.retries, updatedAt = ?
          FROM v WHERE "Recipient".id = v.id AND "Recipient".state IN ('wire', 'pending')
          RETURNING "Recipient".id`;
}

function insertParts(rows: number): string {
  return `INSERT INTO "MessagePart" (accountId, recipientId, messageId, state, status, errorCode, createdAt) VALUES ${Array(rows).fill("(?, ?, ?, ?, ?, ?, ?)").join(", ")}`;
}

type ClaimRow = { id: number; number: string; possiblyDuplicated: number; fields: string | null; retries: number };

/**
 * What a claim took: `claimed` in id order; those above `sweptFrom` were swept (still pending, the delivery's
 * sweptThrough now `sweptThrough`), the others claimed "wire" from behind the settled mark.
 */
export type SqliteClaim = { claimed: ClaimedRecipient[]; sweptFrom: number; sweptThrough: number };

type Marks = { sweptThrough: number; settledThrough: number };

/**
 * Claims up to `limit` pending recipients and returns them; quarantined numbers are skipped instead. Past the sweep first (no write per recipient), behind the settled mark only when that runs
 * short: recipients released, resumed or retried are there.
 */
export function claimSqlite(
  w: SqliteWriter,
  deliveryId: string,
  limit: number,
  shortCode: string,
  owner: string | null,
): Promise<SqliteClaim> {
  return w.write(() => {
    const now = sqliteDateTime();
    const marks = w.prepare(SQL.marks).get(deliveryId) as Marks | undefined;
    const sweptFrom = marks?.sweptThrough ?? 0;
    let rows = w.prepare(SQL.sweep).all(deliveryId, sweptFrom, limit) as ClaimRow[];
    const sweptThrough = rows.length > 0 ? rows[rows.length - 1].id : sweptFrom;
    if (sweptThrough > sweptFrom) w.prepare(SQL.setSwept).run(sweptThrough, deliveryId);
    const settled = marks?.settledThrough ?? 0;
    if (rows.length < limit && settled > 0)
      rows = (w.prepare(SQL.claimBehind).all(now, owner, deliveryId, settled, limit - rows.length) as ClaimRow[]).concat(rows);
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
    return { claimed, sweptFrom, sweptThrough };
  });
}

/**
 * After a restart, inside the caller's transaction: the delivery's recipients swept but not settled (their
 * submit_sm may have gone) are flagged possibly duplicated, once each, and the marks settled; returns how many were
 * flagged now.
 */
export function resumeSweptSqlite(w: SqliteWriter, deliveryId: string, now: string): number {
  const marks = w.prepare(SQL.marks).get(deliveryId) as Marks | undefined;
  if (!marks || marks.sweptThrough <= marks.settledThrough) return 0;
  const flagged = w.prepare(SQL.resumeSwept).all(now, deliveryId, marks.settledThrough, marks.sweptThrough).length;
  w.prepare(SQL.settleAll).run(deliveryId);
  return flagged;
}

/** Per delivery, the settled mark to write (send-sweep.ts). */
export type Settles = readonly (readonly [deliveryId: string, settledThrough: number])[];

function writeSettles(w: SqliteWriter, settles: Settles): void {
  if (settles.length === 0) return;
  const settle = w.prepare(SQL.settle);
  for (const [id, through] of settles) settle.run(through, id);
}

/**
 * Puts claimed recipients whose submit_sm never went back to pending (cancel, graceful stop): "wire" ones to
 * pending, swept ones (pending already) behind the settled marks `settles`.
 */
export function releaseSqlite(w: SqliteWriter, ids: readonly number[], settles: Settles = []): Promise<void> {
  return w.write(() => {
    if (ids.length > 0) w.prepare(SQL.release).run(sqliteDateTime(), JSON.stringify(ids));
    writeSettles(w, settles);
  });
}

/**
 * Writes a batch of outcomes, the deliveries' chart points (delivery id, points as JSON) and settled marks in one
 * transaction; returns, per account, the message ids of the parts stored.
 */
export function flushSqlite(
  w: SqliteWriter,
  batch: readonly RecipientOutcome[],
  samples: readonly (readonly [deliveryId: string, points: string])[],
  settles: Settles = [],
): Promise<Map<string, string[]>> {
  return w.write(() => {
    const messageIds = new Map<string, string[]>();
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
      // Only recipients still open move: an outcome written once counts once.
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
    for (const [id, points] of samples) setSamples.run(points, id);
    writeSettles(w, settles);
    return messageIds;
  });
}
