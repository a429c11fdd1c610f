import "server-only";
import Database from "better-sqlite3";
import { databaseUrl, sqliteFilePath } from "../database-url";

/**
 * The connector's own SQLite connection for the MO and SR hot paths.
 *
 * Why not Prisma here: measured on this machine, Prisma's WebAssembly query compiler tops out near 10,000 rows/s
 * even with createMany, which leaves nothing for the SMPP side of the 10,000 MO/s and 10,000 SR/s goals, while
 * prepared statements in one better-sqlite3 transaction write ~100,000 rows/s.
 *
 * Why busy_timeout 0 and an asynchronous retry: better-sqlite3 waits for a lock by sleeping on the event loop's
 * thread. Prisma's interactive transactions hold the write lock across awaits, so a blocking wait here would stop
 * the very loop that has to finish them. Each `write` runs synchronously (the lock is never held across ticks) and
 * on SQLITE_BUSY it yields and tries again until `busyDeadlineMs`, then rejects (the MO/SR gets a temporary error).
 */
export type WriterConnection = Database.Database;

export type SqliteWriter = {
  readonly kind: "sqlite";
  readonly conn: WriterConnection;
  /** Runs `fn` in one IMMEDIATE transaction; retries while the database is locked. */
  write<T>(fn: (conn: WriterConnection) => T): Promise<T>;
  /** Cached prepared statement. */
  prepare(sql: string): Database.Statement;
  /** Copies what the WAL holds into the database file, as far as readers allow (PASSIVE: waits for nobody). */
  checkpoint(): void;
  close(): void;
};

export type WriterOptions = { busyDeadlineMs?: number };

function isBusy(e: unknown): boolean {
  const code = (e as { code?: string } | null)?.code;
  return code === "SQLITE_BUSY" || code === "SQLITE_LOCKED" || code === "SQLITE_BUSY_SNAPSHOT";
}

export function openSqliteWriter(url: string = databaseUrl(), options: WriterOptions = {}): SqliteWriter {
  const conn = new Database(sqliteFilePath(url));
  conn.pragma("journal_mode = WAL");
  conn.pragma("synchronous = NORMAL");
  conn.pragma("foreign_keys = ON");
  conn.pragma("busy_timeout = 0");
  // Checkpointing every 10,000 WAL pages (~40 MB) instead of 1,000 makes ten times fewer fsync'ed checkpoints
  // (measured with 100,000 MO in batches of 50: 10,400 → 18,200 MO/s written, together with a larger page cache).
  // The page cache is 16 MB: re-measured on 2026-11-26 (npm run bench -- mo sr, 125,000 each), 8 / 16 / 64 MB gave
  // 13,653 / 14,111 / 12,625 MO/s and 13,029 / 14,404 / 10,638 SR/s — no gain from more — while 64 MB of it is
  // resident once a 1,000,000-recipient delivery has gone through (the app under 300 MB RSS).
  // synchronous stays NORMAL (WAL): a commit survives a crash of the app, which is what "acknowledged only after
  // commit" promises the SMSC.
  conn.pragma("cache_size = -16384");
  conn.pragma("wal_autocheckpoint = 10000");
  const busyDeadlineMs = options.busyDeadlineMs ?? 5000;
  const statements = new Map<string, Database.Statement>();

  const prepare = (sql: string) => {
    let s = statements.get(sql);
    if (!s) {
      s = conn.prepare(sql);
      statements.set(sql, s);
    }
    return s;
  };

  const write = async <T>(fn: (c: WriterConnection) => T): Promise<T> => {
    const started = Date.now();
    let delay = 1;
    for (;;) {
      try {
        return conn.transaction(fn).immediate(conn);
      } catch (e) {
        if (!isBusy(e) || Date.now() - started >= busyDeadlineMs) throw e;
        await new Promise((r) => setTimeout(r, delay));
        delay = Math.min(delay * 2, 50);
      }
    }
  };

  const checkpoint = () => void conn.pragma("wal_checkpoint(PASSIVE)");
  return { kind: "sqlite", conn, write, prepare, checkpoint, close: () => void (conn.open && conn.close()) };
}

/** A DateTime as Prisma stores it in SQLite ("2026-11-26T11:56:18.239+00:00"), so Prisma filters and reads it. */
export function sqliteDateTime(d: Date = new Date()): string {
  return d.toISOString().replace("Z", "+00:00");
}
