import "server-only";
import { databaseUrl, isPostgresUrl } from "../database-url";
import { openPgWriter, type PgWriter } from "../postgres/writer";
import { singleton } from "../singleton";
import { openSqliteWriter, type SqliteWriter } from "./sqlite-writer";

/**
 * The hot-path writer of the process, on DATABASE_URL: better-sqlite3 prepared statements on SQLite, a node-postgres
 * pool on PostgreSQL. Code that writes MO, SR, journal rows takes a `Writer` and branches on `kind`.
 */
export type Writer = SqliteWriter | PgWriter;

// The process's one slot: closeWriter() empties it and the next getWriter() opens another (tests, shutdown).
const slot = singleton("writer", (): { writer?: Writer } => ({}));

export function openWriter(url: string = databaseUrl()): Writer {
  return isPostgresUrl(url) ? openPgWriter(url) : openSqliteWriter(url);
}

/** The process-wide writer on DATABASE_URL. */
export function getWriter(): Writer {
  const w = slot.writer;
  if (w && (w.kind === "pg" || w.conn.open)) return w;
  return (slot.writer = openWriter());
}

/** The process-wide writer, when the code (or a test) is SQLite-only. */
export function getSqliteWriter(): SqliteWriter {
  const w = getWriter();
  if (w.kind !== "sqlite") throw new Error("the SQLite writer was asked for on a PostgreSQL DATABASE_URL");
  return w;
}

export async function closeWriter(): Promise<void> {
  const w = slot.writer;
  slot.writer = undefined;
  await w?.close();
}
