import "server-only";
import { sqliteDateTime, type SqliteWriter } from "@/lib/storage/sqlite-writer";

/**
 * Counters kept in the database (MetricCounter) for GET /metrics, added to in the transactions that do the counted
 * work, so a count survives restarts and any web process serves it. `count = count + n` in place: several connector
 * processes may add to one row.
 */
export const COUNTER = { moReceived: "mo_received", submitResp: "submit_resp_seconds" } as const;

const BUMP = `INSERT INTO "MetricCounter" (name, accountId, label, count, sum, updatedAt) VALUES (?, ?, ?, ?, ?, ?)
              ON CONFLICT (name, accountId, label) DO UPDATE SET
                count = "MetricCounter".count + excluded.count, sum = "MetricCounter".sum + excluded.sum,
                updatedAt = excluded.updatedAt`;

/** Adds `n` (and `sum`) to one counter row; call inside a writer transaction. */
export function bumpCounter(
  prepare: SqliteWriter["prepare"],
  name: string,
  accountId: string,
  label: string,
  n: number,
  sum = 0,
): void {
  prepare(BUMP).run(name, accountId, label, n, sum, sqliteDateTime());
}

/** Counts the items of a batch per account (one bump per account, not per item). */
export function bumpPerAccount(prepare: SqliteWriter["prepare"], name: string, items: readonly { accountId: string }[]): void {
  const per = new Map<string, number>();
  for (const i of items) per.set(i.accountId, (per.get(i.accountId) ?? 0) + 1);
  for (const [accountId, n] of per) bumpCounter(prepare, name, accountId, "", n);
}
