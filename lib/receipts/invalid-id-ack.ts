import "server-only";
import type { SqliteWriter } from "../storage/sqlite-writer";

/**
 * "Invalid ID acknowledge count" (Adobe's SMSC specifics): with N > 0 an SR that matches no MT is refused
 * (deliver_sm_resp ESME_RX_T_APPN, so that the SMSC delivers it again: its MT's id may not be written yet) N times,
 * then answered OK and kept in the unmatched list. The same receipt (account, id, raw text) keeps one row, whose
 * `refusals` counts the refusals. With 0 (the default) every SR is answered OK once stored, and none of this runs.
 * Runs inside storeSrBatch's transaction.
 */
const SQL = {
  same: `SELECT id, refusals FROM StatusReport WHERE accountId = ? AND messageId = ? AND raw = ? AND matched = 0
         ORDER BY id DESC LIMIT 1`,
  refuse: `UPDATE StatusReport SET refusals = refusals + 1 WHERE id = ?`,
};

type Receipt = { accountId: string; messageId: string | null; raw: string; invalidIdAckCount?: number };
export type UnmatchedAnswer = { id: number; matched: false; refuse: boolean };

/** An unmatched receipt seen before: its row and whether to refuse it once more (counted); null when it is new. */
export function unmatchedAgain(prepare: SqliteWriter["prepare"], sr: Receipt): UnmatchedAnswer | null {
  const row = prepare(SQL.same).get(sr.accountId, sr.messageId ?? "", sr.raw) as { id: number; refusals: number } | undefined;
  if (!row) return null;
  const refuse = row.refusals < (sr.invalidIdAckCount ?? 0);
  if (refuse) prepare(SQL.refuse).run(row.id);
  return { id: row.id, matched: false, refuse };
}

/** A new unmatched receipt just stored as `id`: its first refusal, counted. */
export function firstRefusal(prepare: SqliteWriter["prepare"], id: number): UnmatchedAnswer {
  prepare(SQL.refuse).run(id);
  return { id, matched: false, refuse: true };
}
