import path from "node:path";

/** The database URL in use: DATABASE_URL when set, else the SQLite file data/app.db under the working directory. */
export function databaseUrl(): string {
  const fromEnv = process.env.DATABASE_URL;
  if (fromEnv && fromEnv.trim() !== "") return fromEnv;
  return "file:" + path.join(/*turbopackIgnore: true*/ process.cwd(), "data", "app.db");
}

/** True for a postgres:// or postgresql:// URL (PostgreSQL backend); anything else is a SQLite file: URL. */
export function isPostgresUrl(url: string = databaseUrl()): boolean {
  return /^postgres(ql)?:\/\//i.test(url.trim());
}

/** The file path behind a file: URL (relative paths are resolved against the working directory). */
export function sqliteFilePath(url: string = databaseUrl()): string {
  if (isPostgresUrl(url)) throw new Error("sqliteFilePath() called with a PostgreSQL URL");
  const p = url.replace(/^file:/, "");
  return path.isAbsolute(p) ? p : path.join(/*turbopackIgnore: true*/ process.cwd(), p);
}
