import "server-only";
import type { SrErrorQualifier } from "@/lib/accounts/error-table";
import { phoneKey } from "@/lib/smpp/codec/phone";
import { sqliteDateTime, type SqliteWriter } from "../storage/sqlite-writer";
import { getWriter, type Writer } from "../storage/writer";
import { firstRefusal, unmatchedAgain } from "../receipts/invalid-id-ack";
import { partOfCurrentTry, scheduleSoftRetry } from "./soft-retry";
import { countKpi, pendingSr, type KpiDelta, type PendingRow, type SrStored, type SrToStore } from "./sr-batch";
import { matchPendingReportsPg, recountKpisPg, storeSrBatchPg } from "./status-reports-pg";

export type { ReceivingBind, SrStored, SrToStore } from "./sr-batch";
export { recountKpisPg } from "./status-reports-pg";

/**
 * Status reports: every SR is stored (StatusReport) in the transaction that precedes its deliver_sm_resp,
 * then matched to the MessagePart whose id it carries (both ids normalised: srIdFormat / mtIdFormat). A match moves
 * the part and its recipient to delivered or failed with the SR's status and error; with real-time KPIs the
 * delivery's counters move in the same transaction. An SR whose part is not known yet (it came before its
 * submit_sm_resp) stays unmatched and is matched by `matchPendingReports` once the id is written.
 *
 * A recipient's outcome is its message's, whatever number of parts have an SR (an SMSC may report each part, or
 * the first only): delivered by a delivered part while no part failed, failed (or retried, soft error) by the first
 * failed part, even after another was delivered. Only a recipient waiting for its SRs ("sent"), or a "delivered"
 * one that a part of the same try fails, moves: a retry scheduled by an earlier part stands (the message goes again
 * whole, counted once), and failed or skipped is for good. Delivered and Bounces + Errors move with those moves.
 *
 * This file: the entry points and the SQLite path; PostgreSQL in status-reports-pg.ts, the batch types in sr-batch.ts.
 */
const FINAL_PART_STATES = "('delivered','failed')";

/** Delivered and Bounces + Errors recomputed from the delivery's recipients (one WHERE id = ? to extend). */
const RECOUNT = `UPDATE Delivery SET
                   delivered = (SELECT COUNT(*) FROM Recipient WHERE deliveryId = Delivery.id AND state = 'delivered'),
                   bouncesAndErrors = (SELECT COUNT(*) FROM Recipient WHERE deliveryId = Delivery.id AND state = 'failed')
                 WHERE id = ?`;

const SQL = {
  insertReport: `INSERT INTO StatusReport (accountId, messageId, status, errorCode, verdict, raw, matched, createdAt, bindRole, bindIndex, bindNodeId)
                 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  findPart: `SELECT id FROM MessagePart WHERE accountId = ? AND messageId = ? LIMIT 1`,
  // One statement in the common case: the part moves to its final state and says which recipient it belongs to.
  // Only the newest part with that id: an SMSC whose ids wrap (or restart) reuses them, and the SR is for the latest.
  settlePart: `UPDATE MessagePart SET state = ?, status = ?, errorCode = ?
               WHERE id = (SELECT id FROM MessagePart WHERE accountId = ? AND messageId = ? ORDER BY id DESC LIMIT 1)
                 AND state NOT IN ${FINAL_PART_STATES} RETURNING id, recipientId`,
  updateRecipient: `UPDATE Recipient SET state = ?, errorCode = ?, reason = ?, updatedAt = ? WHERE id = ? AND state = 'sent'
                    RETURNING deliveryId, number`,
  // Another part of the message failed after one was delivered: the message was not delivered.
  failDelivered: `UPDATE Recipient SET state = 'failed', errorCode = ?, reason = ?, updatedAt = ?
                  WHERE id = ? AND state = 'delivered' AND ${partOfCurrentTry("Recipient", "?", "?")} RETURNING deliveryId, number`,
  // A hard error: the number goes on the denylist for every short code, with the error as its reason.
  quarantine: `INSERT INTO Quarantine (number, shortCode, reason, createdAt) VALUES (?, '', ?, ?)
               ON CONFLICT (number, shortCode) DO UPDATE SET reason = excluded.reason`,
  addKpis: `UPDATE Delivery SET delivered = delivered + ?, bouncesAndErrors = bouncesAndErrors + ? WHERE id = ?`,
  // Off real-time KPIs a delivery's counters are recounted when it ends (finishIfDone, cancelDelivery); the SRs that
  // come after add to them. This batch's transaction runs before or after the one that ended it, never beside it
  // (SQLite has one writer): before, the recount counts its recipients; after, it adds them.
  addKpisIfEnded: `UPDATE Delivery SET delivered = delivered + ?, bouncesAndErrors = bouncesAndErrors + ?
                   WHERE id = ? AND status IN ('finished', 'cancelled', 'failed')`,
  recount: RECOUNT,
  pendingByIds: `SELECT id, messageId, status, errorCode, verdict FROM StatusReport
                 WHERE accountId = ? AND matched = 0 AND messageId IN (SELECT value FROM json_each(?)) ORDER BY id`,
  pendingRecent: `SELECT id, messageId, status, errorCode, verdict FROM StatusReport
                  WHERE accountId = ? AND matched = 0 AND messageId <> '' AND createdAt >= ? ORDER BY id LIMIT ?`,
  markMatched: `UPDATE StatusReport SET matched = 1 WHERE id = ?`,
};

/** Applies one SR to its part (if known); returns whether a part was found. */
function applyToPart(
  prepare: SqliteWriter["prepare"],
  sr: Pick<SrToStore, "accountId" | "messageId" | "status" | "errorCode" | "verdict" | "realtimeKpi" | "qualify">,
  kpis: KpiDelta,
  now: string,
): boolean {
  if (!sr.messageId) return false;
  // An intermediate SR changes nothing; a final one whose part is already final (a repeated SR) neither.
  if (sr.verdict === "intermediate") return prepare(SQL.findPart).get(sr.accountId, sr.messageId) !== undefined;
  const state = sr.verdict === "delivered" ? "delivered" : "failed";
  const settled = prepare(SQL.settlePart).get(state, sr.status, sr.errorCode, sr.accountId, sr.messageId) as
    { id: number; recipientId: number | null } | undefined;
  if (!settled) return prepare(SQL.findPart).get(sr.accountId, sr.messageId) !== undefined;
  const { recipientId } = settled;
  if (recipientId === null) return true;
  const outcome = state === "failed" ? sr.qualify?.(sr.status, sr.errorCode) : undefined;
  // A soft error within the delivery's retry policy sends the message again (lib/deliveries/soft-retry.ts).
  const retry = outcome
    ? scheduleSoftRetry(prepare, { recipientId, partId: settled.id, accountId: sr.accountId }, outcome, sr.errorCode)
    : null;
  if (retry) {
    if (retry.from === "delivered") countKpi(kpis, retry.deliveryId, sr.realtimeKpi, -1, 0);
    return true;
  }
  const reason =
    state !== "failed" ? null : (outcome?.reason ?? `SR ${sr.status ?? "?"}${sr.errorCode ? ` err:${sr.errorCode}` : ""}`);
  type Moved = { deliveryId: string; number: string } | undefined;
  let row = prepare(SQL.updateRecipient).get(state, sr.errorCode, reason, now, recipientId) as Moved;
  let wasDelivered = false;
  if (!row && state === "failed") {
    row = prepare(SQL.failDelivered).get(sr.errorCode, reason, now, recipientId, sr.accountId, settled.id) as Moved;
    wasDelivered = row !== undefined;
  }
  if (row && outcome?.quarantine && phoneKey(row.number)) prepare(SQL.quarantine).run(phoneKey(row.number), reason, now);
  if (row) {
    if (state === "delivered") countKpi(kpis, row.deliveryId, sr.realtimeKpi, 1, 0);
    else countKpi(kpis, row.deliveryId, sr.realtimeKpi, wasDelivered ? -1 : 0, 1);
  }
  return true;
}

/** Real-time: add the batch's counts in one UPDATE per delivery. Off: only to a delivery that has ended. */
function flushKpis(prepare: SqliteWriter["prepare"], kpis: KpiDelta): void {
  for (const [deliveryId, k] of kpis)
    prepare(k.realtime ? SQL.addKpis : SQL.addKpisIfEnded).run(k.delivered, k.bounced, deliveryId);
}

/** Stores and matches a batch of SRs in one transaction; resolves after the commit. */
export async function storeSrBatch(writer: Writer, items: readonly SrToStore[]): Promise<SrStored[]> {
  if (writer.kind === "pg") return storeSrBatchPg(writer, items);
  return writer.write(() => {
    const now = sqliteDateTime();
    const kpis: KpiDelta = new Map();
    const out: SrStored[] = [];
    for (const sr of items) {
      const matched = applyToPart(writer.prepare, sr, kpis, now);
      const counted = !matched && sr.invalidIdAckCount ? unmatchedAgain(writer.prepare, sr) : null;
      if (counted) {
        out.push(counted);
        continue;
      }
      const r = writer
        .prepare(SQL.insertReport)
        .run(
          sr.accountId,
          sr.messageId ?? "",
          sr.status ?? "",
          sr.errorCode ?? "",
          sr.verdict,
          sr.raw,
          matched ? 1 : 0,
          now,
          sr.bind?.role ?? null,
          sr.bind?.connectionIndex ?? null,
          sr.bind?.nodeId ?? null,
        );
      const id = Number(r.lastInsertRowid);
      out.push(!matched && sr.invalidIdAckCount ? firstRefusal(writer.prepare, id) : { id, matched });
    }
    flushKpis(writer.prepare, kpis);
    return out;
  });
}

/**
 * Matches the account's unmatched SRs whose part is now known. The dispatcher calls it with the message ids it has
 * just written (an SR may beat its submit_sm_resp); without ids it sweeps the SRs of the last `recentMs`
 * (the connector does so every few seconds as a safety net). Returns how many matched.
 */
export async function matchPendingReports(
  accountId: string,
  opts: {
    realtimeKpi: boolean;
    messageIds?: readonly string[];
    recentMs?: number;
    limit?: number;
    writer?: Writer;
    qualify?: SrErrorQualifier;
  },
): Promise<number> {
  const writer = opts.writer ?? getWriter();
  if (writer.kind === "pg") return matchPendingReportsPg(writer, accountId, opts);
  return writer.write(() => {
    const now = sqliteDateTime();
    const kpis: KpiDelta = new Map();
    let rows: PendingRow[];
    if (opts.messageIds) {
      // One statement for every id (the index on accountId, messageId serves each IN value).
      rows = writer.prepare(SQL.pendingByIds).all(accountId, JSON.stringify(opts.messageIds)) as PendingRow[];
    } else {
      const since = sqliteDateTime(new Date(Date.now() - (opts.recentMs ?? 3600_000)));
      rows = writer.prepare(SQL.pendingRecent).all(accountId, since, opts.limit ?? 5000) as PendingRow[];
    }
    let n = 0;
    for (const r of rows) {
      if (applyToPart(writer.prepare, pendingSr(accountId, r, opts), kpis, now)) {
        writer.prepare(SQL.markMatched).run(r.id);
        n++;
      }
    }
    flushKpis(writer.prepare, kpis);
    return n;
  });
}

/**
 * Delivered and Bounces + Errors of a delivery from its recipients' states: what a cancel calls (the dispatcher's
 * finish recounts in its own transaction), so that the SRs after it add to exact counters; a safe recount at any time.
 */
export async function computeDeliveryKpis(deliveryId: string, writer: Writer = getWriter()): Promise<void> {
  if (writer.kind === "pg") return void (await writer.write((c) => recountKpisPg(c, deliveryId)));
  await writer.write(() => writer.prepare(SQL.recount).run(deliveryId));
}

/** The same inside a SQLite writer transaction. */
export function recountKpisSqlite(prepare: SqliteWriter["prepare"], deliveryId: string): void {
  prepare(SQL.recount).run(deliveryId);
}
