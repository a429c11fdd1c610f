import "server-only";
/**
 * Soft errors (Adobe's delivery retry policy): a recipient whose SR the error table calls soft (or new) is
 * sent again after the delivery's retry period, at most `retryCount` times, and only while the retry falls within
 * the validity period; then it is delivered, or failed with its last error. It waits in state "retry" (with
 * `retryAt`); the dispatcher's poll puts due ones back to pending (`releaseDueRetries`). A delivery that had already
 * finished runs again for them. The statements run inside the SR's transaction (storeSrBatch, matchPendingReports).
 *
 * A long message is one outcome: the first part's soft error schedules the retry of the whole message, and the SRs of
 * its other parts then leave it alone (status-reports.ts). A soft error after another part was delivered still
 * schedules it (a message is delivered only when each of its parts is), but only for a part of the recipient's
 * current try: a late SR of a try already sent again says nothing of the new one.
 */
import type { SrErrorOutcome } from "@/lib/accounts/error-table";
import { sqliteDateTime, type SqliteWriter } from "../storage/sqlite-writer";
import type { Writer } from "../storage/writer";
import type { PgClient } from "../postgres/pool";
import { pgText } from "../postgres/text";

type Prepare = SqliteWriter["prepare"];

/**
 * SQL condition: the part `partId` (of account `accountId`) belongs to the current try of recipient `r`, i.e. no part of
 * that recipient carrying its message id (the first part of its latest try) is newer. The journal writes a try's
 * parts in order, after those of the tries before. SQLite and PostgreSQL alike; the arguments are SQL expressions.
 */
export const partOfCurrentTry = (r: string, accountId: string, partId: string) =>
  `NOT EXISTS (SELECT 1 FROM "MessagePart" c WHERE c."accountId" = ${accountId} AND c."messageId" = ${r}."messageId"
     AND c."recipientId" = ${r}.id AND c.id > ${partId})`;

/** The part whose SR asks for the retry, and its recipient. */
export type SrPart = { recipientId: number; partId: number; accountId: string };

/** Where a scheduled retry took its recipient from, and its delivery (a "delivered" one leaves Delivered). */
export type ScheduledRetry = { from: "sent" | "delivered"; deliveryId: string } | null;

/**
 * SQLite: a due retry of a running delivery, unless its delivery's sweep has not settled past it yet (between the
 * marks, send-journal-sqlite.ts): a pending recipient there is one whose submit_sm may be out, so it stays "retry"
 * until the outcomes before it are written (a few ms; it could not be claimed before that anyway), and a restart
 * meanwhile neither counts it possibly duplicated nor loses it.
 */
const DUE = `state = 'retry' AND retryAt <= ? AND deliveryId IN (SELECT id FROM "Delivery" WHERE status = 'running')
  AND NOT EXISTS (SELECT 1 FROM "Delivery" d WHERE d.id = "Recipient".deliveryId
                  AND "Recipient".id > d.settledThrough AND "Recipient".id <= d.sweptThrough)`;

const SQL = {
  policy: `SELECT r.retries, r.deliveryId, r.state, d.retryCount, d.retryPeriod, d.validUntil, d.status
           FROM "Recipient" r JOIN "Delivery" d ON d.id = r.deliveryId
           WHERE r.id = ? AND (r.state = 'sent' OR (r.state = 'delivered' AND ${partOfCurrentTry("r", "?", "?")}))`,
  toRetry: `UPDATE "Recipient" SET state = 'retry', retries = retries + 1, retryAt = ?, reason = ?, errorCode = ?,
              updatedAt = ? WHERE id = ? AND state = ?`,
  // The recipient counted as sent and processed when its submit_sm was answered: it is neither until it is answered
  // again. A finished delivery runs again (the dispatcher's poll picks it up).
  reopen: `UPDATE "Delivery" SET sent = sent - 1, processed = processed - 1, retried = retried + 1,
             status = CASE WHEN status = 'finished' THEN 'running' ELSE status END,
             finishedAt = CASE WHEN status = 'finished' THEN NULL ELSE finishedAt END
           WHERE id = ?`,
  anyDue: `SELECT 1 FROM "Recipient" WHERE ${DUE} LIMIT 1`,
  due: `UPDATE "Recipient" SET state = 'pending', updatedAt = ? WHERE ${DUE}`,
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
 * A soft (or new) SR error of `part`: schedules its recipient's retry when the delivery's policy allows one. Returns
 * where the recipient came from when it did (it is then not failed); null leaves the SR to fail it as before.
 */
export function scheduleSoftRetry(
  prepare: Prepare,
  part: SrPart,
  outcome: SrErrorOutcome,
  errorCode: string | null,
  now: Date = new Date(),
): ScheduledRetry {
  if (outcome.type !== "soft") return null;
  const p = prepare(SQL.policy).get(part.recipientId, part.accountId, part.partId) as
    | {
        retries: number;
        deliveryId: string;
        state: "sent" | "delivered";
        retryCount: number;
        retryPeriod: number;
        validUntil: unknown;
        status: string;
      }
    | undefined;
  if (!p || (p.status !== "running" && p.status !== "finished")) return null;
  const at = nextRetryAt({ ...p, retryPeriodSeconds: p.retryPeriod, validUntil: readDate(p.validUntil) }, now.getTime());
  if (!at) return null;
  const reason = `${outcome.reason}: retry ${p.retries + 1} of ${p.retryCount}`;
  const moved = prepare(SQL.toRetry).run(sqliteDateTime(at), reason, errorCode, sqliteDateTime(now), part.recipientId, p.state);
  if (moved.changes === 0) return null;
  prepare(SQL.reopen).run(p.deliveryId);
  return { from: p.state, deliveryId: p.deliveryId };
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

/**
 * PostgreSQL: scheduleSoftRetry inside the SR's transaction. The recipient is read locked: another part's SR may be
 * moving it at the same time (the journal's matching runs beside the connector's SR commit), and the retry must start
 * from the state that commit leaves ("delivered"), not fail because the row changed under a plain read.
 */
export async function scheduleSoftRetryPg(
  c: PgClient,
  part: SrPart,
  outcome: SrErrorOutcome,
  errorCode: string | null,
  now: Date = new Date(),
): Promise<ScheduledRetry> {
  if (outcome.type !== "soft") return null;
  const p = (
    await c.query<{
      retries: number;
      deliveryId: string;
      state: "sent" | "delivered";
      retryCount: number;
      retryPeriod: number;
      validUntil: Date | null;
      status: string;
    }>(
      `SELECT r.retries, r."deliveryId", r.state, d."retryCount", d."retryPeriod", d."validUntil", d.status
       FROM "Recipient" r JOIN "Delivery" d ON d.id = r."deliveryId"
       WHERE r.id = $1 AND (r.state = 'sent' OR (r.state = 'delivered' AND ${partOfCurrentTry("r", "$2", "$3")}))
       FOR UPDATE OF r`,
      [part.recipientId, part.accountId, part.partId],
    )
  ).rows[0];
  if (!p || (p.status !== "running" && p.status !== "finished")) return null;
  const at = nextRetryAt({ ...p, retryPeriodSeconds: p.retryPeriod }, now.getTime());
  if (!at) return null;
  const reason = pgText(`${outcome.reason}: retry ${p.retries + 1} of ${p.retryCount}`);
  const moved = await c.query(
    `UPDATE "Recipient" SET state = 'retry', retries = retries + 1, "retryAt" = $1::timestamp, reason = $2, "errorCode" = $3,
       "updatedAt" = now() AT TIME ZONE 'UTC' WHERE id = $4 AND state = $5`,
    [at.toISOString(), reason, errorCode, part.recipientId, p.state],
  );
  if ((moved.rowCount ?? 0) === 0) return null;
  await c.query(
    `UPDATE "Delivery" SET sent = sent - 1, processed = processed - 1, retried = retried + 1,
       status = CASE WHEN status = 'finished' THEN 'running' ELSE status END,
       "finishedAt" = CASE WHEN status = 'finished' THEN NULL ELSE "finishedAt" END
     WHERE id = $1`,
    [p.deliveryId],
  );
  return { from: p.state, deliveryId: p.deliveryId };
}
