import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { committedMigrations, migratePostgres, POSTGRES_MIGRATIONS_DIR } from "@/lib/postgres/migrate";

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

export type TempDatabase = { url: string; file: string; dir: string; cleanup: () => void | Promise<void> };

/** A new migrated SQLite file in a temporary folder; returns its file: URL and a cleanup. */
export function createTempDatabase(prefix = "sms-test-"): TempDatabase {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const file = path.join(dir, "app.db");
  applyMigrations(file);
  return { url: `file:${file}`, file, dir, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/**
 * The PostgreSQL server the tests use: TEST_POSTGRES_URL, else the one these machines run (trust auth). Each test
 * file gets a database of its own, copied from a migrated template, and drops it at the end.
 */
export function testPostgresUrl(): string {
  return process.env.TEST_POSTGRES_URL?.trim() || "postgresql://postgres@127.0.0.1:5432/test";
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/** The template's name follows the migrations' content, so a changed migration makes a new template. */
function templateName(): string {
  const h = crypto.createHash("sha256");
  for (const m of committedMigrations())
    h.update(m).update(fs.readFileSync(path.join(POSTGRES_MIGRATIONS_DIR, m, "migration.sql")));
  return `sms_tmpl_${h.digest("hex").slice(0, 16)}`;
}

async function adminQuery<T extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<pg.QueryResult<T>> {
  const c = new pg.Client({ connectionString: testPostgresUrl() });
  await c.connect();
  try {
    return await c.query<T>(sql, params);
  } finally {
    await c.end();
  }
}

/** Creates the migrated template once per migrations set (several runs at once: an advisory lock serialises it). */
async function ensureTemplate(): Promise<string> {
  const name = templateName();
  const c = new pg.Client({ connectionString: testPostgresUrl() });
  await c.connect();
  try {
    await c.query("SELECT pg_advisory_lock(7353001)");
    const found = await c.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (found.rowCount === 0) {
      const building = `${name}_build_${process.pid}`;
      await c.query(`DROP DATABASE IF EXISTS "${building}"`);
      await c.query(`CREATE DATABASE "${building}"`);
      await migratePostgres(withDatabase(testPostgresUrl(), building));
      await c.query(`ALTER DATABASE "${building}" RENAME TO "${name}"`);
      // Older templates of changed migrations.
      const old = await c.query<{ datname: string }>(
        "SELECT datname FROM pg_database WHERE datname LIKE 'sms\\_tmpl\\_%' AND datname <> $1",
        [name],
      );
      for (const r of old.rows) await c.query(`DROP DATABASE IF EXISTS "${r.datname}"`).catch(() => undefined);
    }
    return name;
  } finally {
    await c.query("SELECT pg_advisory_unlock_all()").catch(() => undefined);
    await c.end();
  }
}

/** A new migrated PostgreSQL database (and a temporary data folder); cleanup drops it. */
export async function createTempPostgresDatabase(prefix = "sms-test-"): Promise<TempDatabase> {
  const template = await ensureTemplate();
  const name = `sms_t_${process.pid}_${crypto.randomBytes(4).toString("hex")}`;
  await adminQuery(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  return {
    url: withDatabase(testPostgresUrl(), name),
    file: "",
    dir,
    cleanup: async () => {
      fs.rmSync(dir, { recursive: true, force: true });
      await adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    },
  };
}

/** The backend the integration project runs on: SMS_TEST_BACKEND=postgres, else SQLite. */
export function testBackend(): "sqlite" | "postgres" {
  return process.env.SMS_TEST_BACKEND === "postgres" ? "postgres" : "sqlite";
}

/** A fresh database of the backend under test. */
export async function createTestDatabase(prefix?: string): Promise<TempDatabase> {
  return testBackend() === "postgres" ? createTempPostgresDatabase(prefix) : createTempDatabase(prefix);
}
