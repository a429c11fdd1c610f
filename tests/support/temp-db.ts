import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";

const migrationsDir = path.resolve(__dirname, "../../prisma/migrations");

/** Applies every committed migration, in order, to the SQLite file at `file`. */
export function applyMigrations(file: string): void {
  const sqlite = new Database(file);
  try {
    sqlite.pragma("journal_mode = WAL");
    const dirs = fs
      .readdirSync(migrationsDir)
      .filter((d) => fs.existsSync(path.join(migrationsDir, d, "migration.sql")))
      .sort();
    for (const d of dirs) sqlite.exec(fs.readFileSync(path.join(migrationsDir, d, "migration.sql"), "utf8"));
  } finally {
    sqlite.close();
  }
}

/** A new migrated SQLite file in a temporary folder; returns its file: URL and a cleanup. */
export function createTempDatabase(prefix = "sms-test-"): { url: string; file: string; dir: string; cleanup: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const file = path.join(dir, "app.db");
  applyMigrations(file);
  return { url: `file:${file}`, file, dir, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}
