import path from "node:path";

/** The SQLite URL in use: DATABASE_URL when set, else data/app.db under the working directory. */
export function databaseUrl(): string {
  const fromEnv = process.env.DATABASE_URL;
  if (fromEnv && fromEnv.trim() !== "") return fromEnv;
  return "file:" + path.join(/*turbopackIgnore: true*/ process.cwd(), "data", "app.db");
}

/** The file path behind a file: URL (relative paths are resolved against the working directory). */
export function sqliteFilePath(url: string = databaseUrl()): string {
  const p = url.replace(/^file:/, "");
  return path.isAbsolute(p) ? p : path.join(/*turbopackIgnore: true*/ process.cwd(), p);
}
