/**
 * Brings the SQLite database up to date with the committed migrations (prisma migrate deploy, with the
 * WebAssembly schema engine configured in prisma.config.ts). Safe to run on every start.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { databaseUrl, sqliteFilePath } from "../lib/database-url";

export function prepareDatabase(): void {
  const url = databaseUrl();
  process.env.DATABASE_URL = url;
  const file = sqliteFilePath(url);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const prismaBin = path.join(process.cwd(), "node_modules", ".bin", "prisma");
  const r = spawnSync(prismaBin, ["migrate", "deploy"], { env: process.env, encoding: "utf8" });
  if (r.status !== 0) {
    process.stderr.write(r.stdout + r.stderr);
    throw new Error("prisma migrate deploy failed");
  }
  // WAL lets the pages read while the connector writes; it is a property of the file, so set it once here.
  const sqlite = new Database(file);
  sqlite.pragma("journal_mode = WAL");
  sqlite.close();
}

if (process.argv[1] && path.basename(process.argv[1]).startsWith("prepare-db")) {
  prepareDatabase();
  console.log(`database ready: ${sqliteFilePath()}`);
}
