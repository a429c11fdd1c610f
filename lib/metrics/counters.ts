import "server-only";
import { prepared, type PgClient } from "@/lib/postgres/pool";
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

export type CounterBump = { name: string; accountId: string; label: string; n: number; sum?: number };

/** The multi-row bump with its five arrays at $first… (alone, or as a CTE of a larger statement). */
export function bumpCountersPgSql(first = 1): string {
  const [a, b, c, d, e] = [0, 1, 2, 3, 4].map((i) => `$${first + i}`);
  return `INSERT INTO "MetricCounter" ("name", "accountId", "label", "count", "sum", "updatedAt")
  SELECT b.name, b."accountId", b.label, SUM(b.n), SUM(b.sum), now() AT TIME ZONE 'UTC'
  FROM unnest(${a}::text[], ${b}::text[], ${c}::text[], ${d}::float8[], ${e}::float8[]) AS b(name, "accountId", label, n, sum)
  GROUP BY b.name, b."accountId", b.label
  ORDER BY b.name, b."accountId", b.label
  ON CONFLICT ("name", "accountId", "label") DO UPDATE SET
    "count" = "MetricCounter"."count" + excluded."count", "sum" = "MetricCounter"."sum" + excluded."sum",
    "updatedAt" = excluded."updatedAt"`;
}

const BUMP_PG = bumpCountersPgSql();

/** The five arrays of bumpCountersPgSql. */
export function bumpCountersPgParams(bumps: readonly CounterBump[]): unknown[] {
  return [
    bumps.map((b) => b.name),
    bumps.map((b) => b.accountId),
    bumps.map((b) => b.label),
    bumps.map((b) => b.n),
    bumps.map((b) => b.sum ?? 0),
  ];
}

/**
 * PostgreSQL: adds every bump in one statement, inside the caller's transaction. Rows go in key order (ORDER BY), so
 * that the transactions of several nodes lock the shared counter rows in one order and never deadlock.
 */
export async function bumpCountersPg(c: PgClient, bumps: readonly CounterBump[]): Promise<void> {
  if (bumps.length === 0) return;
  await c.query(prepared(BUMP_PG)(bumpCountersPgParams(bumps)));
}

/** PostgreSQL: one bump per account of the batch. */
export function perAccountBumps(name: string, items: readonly { accountId: string }[]): CounterBump[] {
  const per = new Map<string, number>();
  for (const i of items) per.set(i.accountId, (per.get(i.accountId) ?? 0) + 1);
  return [...per].map(([accountId, n]) => ({ name, accountId, label: "", n }));
}
