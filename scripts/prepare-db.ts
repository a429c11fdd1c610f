/**
 * Brings the database up to date with the committed migrations. Safe to run on every start, on every node at once.
 * SQLite: prisma migrate deploy (the WebAssembly schema engine configured in prisma.config.ts).
 * PostgreSQL: prisma/postgresql/migrations through lib/postgres/migrate.ts (under an advisory lock).
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { dataDir, makePrivateDir } from "../lib/data-dir";
import { databaseUrl, isPostgresUrl, sqliteFilePath } from "../lib/database-url";
import { migratePostgres } from "../lib/postgres/migrate";
import { errorMessage } from "@/lib/errors";

export async function prepareDatabase(): Promise<void> {
  const url = databaseUrl();
  process.env.DATABASE_URL = url;
  if (isPostgresUrl(url)) {
    makePrivateDir(dataDir());
    const applied = await migratePostgres(url);
    if (applied.length > 0) console.log(`PostgreSQL: applied ${applied.join(", ")}`);
    return;
  }
  const file = sqliteFilePath(url);
  makePrivateDir(path.dirname(file));
  makePrivateDir(dataDir());
  makeOwnerOnly(file);
  if (fs.existsSync(file) && pendingMigrations(file).length === 0) return;
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

/**
 * The database file (created empty when missing, before prisma creates it with the umask's 0644) and its WAL files
 * readable by the owner only: SQLite gives the -wal and -shm files the mode of the database file.
 */
function makeOwnerOnly(file: string): void {
  fs.closeSync(fs.openSync(file, "a", 0o600));
  for (const f of [file, `${file}-wal`, `${file}-shm`]) {
    const mode = fs.statSync(f, { throwIfNoEntry: false })?.mode;
    if (mode !== undefined && (mode & 0o077) !== 0) fs.chmodSync(f, mode & 0o700);
  }
}

/**
 * The committed migrations not yet recorded as applied in the file. When there are none, `prisma migrate deploy` is
 * skipped: it takes Prisma's migration lock, which times out while the running app holds the database (so the admin
 * CLI could not add a user beside a running app).
 */
function pendingMigrations(file: string): string[] {
  const dir = path.join(process.cwd(), "prisma", "migrations");
  const committed = fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name);
  const sqlite = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const table = sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = '_prisma_migrations'").get();
    if (!table) return committed;
    const applied = new Set(
      (
        sqlite
          .prepare("SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL")
          .all() as { migration_name: string }[]
      ).map((r) => r.migration_name),
    );
    return committed.filter((m) => !applied.has(m));
  } finally {
    sqlite.close();
  }
}

if (process.argv[1] && path.basename(process.argv[1]).startsWith("prepare-db")) {
  prepareDatabase().then(
    () => console.log(`database ready: ${isPostgresUrl() ? "PostgreSQL" : sqliteFilePath()}`),
    (e: unknown) => {
      console.error(errorMessage(e));
      process.exit(1);
    },
  );
}
