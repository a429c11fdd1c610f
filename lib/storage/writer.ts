import "server-only";
import { databaseUrl, isPostgresUrl } from "../database-url";
import { openPgWriter, type PgWriter } from "../postgres/writer";
import { openSqliteWriter, type SqliteWriter } from "./sqlite-writer";

/**
 * The hot-path writer of the process, on DATABASE_URL: better-sqlite3 prepared statements on SQLite, a node-postgres
 * pool on PostgreSQL. Code that writes MO, SR, journal rows takes a `Writer` and branches on `kind`.
 */
export type Writer = SqliteWriter | PgWriter;

// Not lib/singleton.ts: closeWriter() ends the writer and the next getWriter() opens another (tests, shutdown).
const g = globalThis as unknown as { __smsWriter?: Writer };

export function openWriter(url: string = databaseUrl()): Writer {
  return isPostgresUrl(url) ? openPgWriter(url) : openSqliteWriter(url);
}

/** The process-wide writer on DATABASE_URL. */
export function getWriter(): Writer {
  const w = g.__smsWriter;
  if (w && (w.kind === "pg" || w.conn.open)) return w;
  return (g.__smsWriter = openWriter());
}

/** The process-wide writer, when the code (or a test) is SQLite-only. */
export function getSqliteWriter(): SqliteWriter {
  const w = getWriter();
  if (w.kind !== "sqlite") throw new Error("the SQLite writer was asked for on a PostgreSQL DATABASE_URL");
  return w;
}

export async function closeWriter(): Promise<void> {
  const w = g.__smsWriter;
  g.__smsWriter = undefined;
  await w?.close();
}
