import "server-only";
import { createPgPool, inTransaction, type PgClient, type PgPool } from "./pool";

/**
 * The connector's node-postgres connection pool for the MO, SR and send-journal hot paths on PostgreSQL:
 * what lib/storage/sqlite-writer.ts is for SQLite. Each `write` is one transaction on one pooled client; batches
 * go as multi-row statements over `unnest` arrays, so a batch of 1,000 MO is a handful of round trips.
 */
export type PgWriter = {
  readonly kind: "pg";
  readonly pool: PgPool;
  /** Runs `fn` in one transaction. */
  write<T>(fn: (c: PgClient) => Promise<T>): Promise<T>;
  /** One statement outside a transaction (a read). */
  query<T extends object>(sql: string, params?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
};

export type PgWriterOptions = {
  /**
   * How long a statement waits for a lock before it fails (PostgreSQL's lock_timeout): like the SQLite writer's busy
   * deadline, an MO or SR that cannot be written in time gets a temporary error and the SMSC delivers it again.
   */
  lockTimeoutMs?: number;
};

export function openPgWriter(url: string, max = 8, options: PgWriterOptions = {}): PgWriter {
  const pool = createPgPool(url, max, { lockTimeoutMs: options.lockTimeoutMs ?? 5000 });
  let closed: Promise<void> | null = null;
  return {
    kind: "pg",
    pool,
    write: (fn) => inTransaction(pool, fn),
    query: async <T extends object>(sql: string, params: unknown[] = []) => (await pool.query(sql, params)).rows as T[],
    close: () => (closed ??= pool.end()),
  };
}
