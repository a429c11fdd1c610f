import "server-only";
/**
 * Soft errors (issue 11, Adobe's delivery retry policy): a recipient whose SR the error table calls soft (or new) is
 * sent again after the delivery's retry period, at most `retryCount` times, and only while the retry falls within
 * the validity period; then it is delivered, or failed with its last error. It waits in state "retry" (with
 * `retryAt`); the dispatcher's poll puts due ones back to pending (`releaseDueRetries`). A delivery that had already
 * finished runs again for them. The statements run inside the SR's transaction (storeSrBatch, matchPendingReports).
 */
import type { SrErrorOutcome } from "@/lib/accounts/error-table";
import { sqliteDateTime, type SqliteWriter } from "../storage/sqlite-writer";
import type { Writer } from "../storage/writer";
import type { PgClient } from "../postgres/pool";
import { pgText } from "../postgres/text";

type Prepare = SqliteWriter["prepare"];

const SQL = {
  policy: `SELECT r.retries, r.deliveryId, d.retryCount, d.retryPeriod, d.validUntil, d.status
           FROM "Recipient" r JOIN "Delivery" d ON d.id = r.deliveryId WHERE r.id = ? AND r.state = 'sent'`,
  toRetry: `UPDATE "Recipient" SET state = 'retry', retries = retries + 1, retryAt = ?, reason = ?, errorCode = ?,
              updatedAt = ? WHERE id = ? AND state = 'sent'`,
  // The recipient counted as sent and processed when its submit_sm was answered: it is neither until it is answered
  // again. A finished delivery runs again (the dispatcher's poll picks it up).
  reopen: `UPDATE "Delivery" SET sent = sent - 1, processed = processed - 1, retried = retried + 1,
             status = CASE WHEN status = 'finished' THEN 'running' ELSE status END,
             finishedAt = CASE WHEN status = 'finished' THEN NULL ELSE finishedAt END
           WHERE id = ?`,
  anyDue: `SELECT 1 FROM "Recipient" WHERE state = 'retry' AND retryAt <= ?
           AND deliveryId IN (SELECT id FROM "Delivery" WHERE status = 'running') LIMIT 1`,
  due: `UPDATE "Recipient" SET state = 'pending', updatedAt = ?
        WHERE state = 'retry' AND retryAt <= ? AND deliveryId IN (SELECT id FROM "Delivery" WHERE status = 'running')`,
};

/** SQLite holds Prisma's DateTime as ISO text or epoch milliseconds, depending on who wrote it. */
function readDate(v: unknown): Date | null {
  if (v === null || v === undefined) return null;
  const d = new Date(typeof v === "number" ? v : String(v));
  return Number.isNaN(d.getTime()) ? null : d;
}

/** A delivery's retry policy as stored, and how many retries a recipient has had. */
export type RetryPolicy = { retries: number; retryCount: number; retryPeriodSeconds: number; validUntil: Date | null };

/**
 * When the next try may go (one retry period from `now`), or null: the retries are used up, or the try would fall
 * outside the validity period. The one rule for soft SR errors (both backends) and soft submit_sm refusals.
 */
export function nextRetryAt(p: RetryPolicy, now: number = Date.now()): Date | null {
  if (p.retries >= p.retryCount) return null;
  const at = now + p.retryPeriodSeconds * 1000;
  if (p.validUntil && at >= p.validUntil.getTime()) return null;
  return new Date(at);
}

/**
 * A soft (or new) SR error on recipient `recipientId`: schedules its retry when the delivery's policy allows one.
 * Returns true when it did (the recipient is then not failed); false leaves the SR to fail it as before.
 */
export function scheduleSoftRetry(
  prepare: Prepare,
  recipientId: number,
  outcome: SrErrorOutcome,
  errorCode: string | null,
  now: Date = new Date(),
): boolean {
  if (outcome.type !== "soft") return false;
  const p = prepare(SQL.policy).get(recipientId) as
    | { retries: number; deliveryId: string; retryCount: number; retryPeriod: number; validUntil: unknown; status: string }
    | undefined;
  if (!p || (p.status !== "running" && p.status !== "finished")) return false;
  const at = nextRetryAt({ ...p, retryPeriodSeconds: p.retryPeriod, validUntil: readDate(p.validUntil) }, now.getTime());
  if (!at) return false;
  const reason = `${outcome.reason}: retry ${p.retries + 1} of ${p.retryCount}`;
  const moved = prepare(SQL.toRetry).run(sqliteDateTime(at), reason, errorCode, sqliteDateTime(now), recipientId);
  if (moved.changes === 0) return false;
  prepare(SQL.reopen).run(p.deliveryId);
  return true;
}

/** Recipients of running deliveries whose retry is due go back to pending; returns how many. */
export async function releaseDueRetries(writer: Writer, now: Date = new Date()): Promise<number> {
  if (writer.kind === "pg") {
    const due = `"Recipient".state = 'retry' AND "retryAt" <= $1::timestamp
      AND "deliveryId" IN (SELECT id FROM "Delivery" WHERE status = 'running')`;
    if ((await writer.query(`SELECT 1 FROM "Recipient" WHERE ${due} LIMIT 1`, [now.toISOString()])).length === 0) return 0;
    return writer.write(
      async (c) =>
        (
          await c.query(`UPDATE "Recipient" SET state = 'pending', "updatedAt" = now() AT TIME ZONE 'UTC' WHERE ${due}`, [
            now.toISOString(),
          ])
        ).rowCount ?? 0,
    );
  }
  const at = sqliteDateTime(now);
  // Looked up first without a write transaction: the dispatcher polls this every 250 ms, retries are rare.
  if (!writer.prepare(SQL.anyDue).get(at)) return 0;
  return writer.write(() => writer.prepare(SQL.due).run(at, at).changes);
}

/** PostgreSQL: scheduleSoftRetry inside the SR's transaction. */
export async function scheduleSoftRetryPg(
  c: PgClient,
  recipientId: number,
  outcome: SrErrorOutcome,
  errorCode: string | null,
  now: Date = new Date(),
): Promise<boolean> {
  if (outcome.type !== "soft") return false;
  const p = (
    await c.query<{
      retries: number;
      deliveryId: string;
      retryCount: number;
      retryPeriod: number;
      validUntil: Date | null;
      status: string;
    }>(
      `SELECT r.retries, r."deliveryId", d."retryCount", d."retryPeriod", d."validUntil", d.status
       FROM "Recipient" r JOIN "Delivery" d ON d.id = r."deliveryId" WHERE r.id = $1 AND r.state = 'sent'`,
      [recipientId],
    )
  ).rows[0];
  if (!p || (p.status !== "running" && p.status !== "finished")) return false;
  const at = nextRetryAt({ ...p, retryPeriodSeconds: p.retryPeriod }, now.getTime());
  if (!at) return false;
  const reason = pgText(`${outcome.reason}: retry ${p.retries + 1} of ${p.retryCount}`);
  const moved = await c.query(
    `UPDATE "Recipient" SET state = 'retry', retries = retries + 1, "retryAt" = $1::timestamp, reason = $2, "errorCode" = $3,
       "updatedAt" = now() AT TIME ZONE 'UTC' WHERE id = $4 AND state = 'sent'`,
    [at.toISOString(), reason, errorCode, recipientId],
  );
  if ((moved.rowCount ?? 0) === 0) return false;
  await c.query(
    `UPDATE "Delivery" SET sent = sent - 1, processed = processed - 1, retried = retried + 1,
       status = CASE WHEN status = 'finished' THEN 'running' ELSE status END,
       "finishedAt" = CASE WHEN status = 'finished' THEN NULL ELSE "finishedAt" END
     WHERE id = $1`,
    [p.deliveryId],
  );
  return true;
}
