import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { errorMessage } from "@/lib/errors";

/**
 * Applies prisma/postgresql/migrations/<name>/migration.sql (made with `prisma migrate diff`) to a PostgreSQL
 * database: each once, in name order, each in its own transaction, recorded in "_app_migrations".
 *
 * Why our own runner: `prisma migrate deploy` with the WebAssembly schema engine fails on PostgreSQL here
 * (prisma/orm#27403: it cannot read catalog columns of type `name`) and the native engine cannot be downloaded.
 * Several nodes of a cluster start at once, so the whole run holds a session advisory lock: the second node waits,
 * then finds everything applied. A migration that fails rolls back and stops the start with its name.
 */
export const POSTGRES_MIGRATIONS_DIR = path.join(/*turbopackIgnore: true*/ process.cwd(), "prisma", "postgresql", "migrations");
/** pg_advisory_lock key: any constant shared by every node ("sms-migr" in ASCII). */
const LOCK_KEY = 0x736d732d6d696772n;

export function committedMigrations(dir: string = POSTGRES_MIGRATIONS_DIR): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(dir, d.name, "migration.sql")))
    .map((d) => d.name)
    .sort();
}

/** Brings the database up to date; returns the names applied now (empty when it already was). */
export async function migratePostgres(connectionString: string, dir: string = POSTGRES_MIGRATIONS_DIR): Promise<string[]> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [LOCK_KEY.toString()]);
    await client.query(
      `CREATE TABLE IF NOT EXISTS "_app_migrations" (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`,
    );
    const done = new Set((await client.query<{ name: string }>(`SELECT name FROM "_app_migrations"`)).rows.map((r) => r.name));
    const applied: string[] = [];
    for (const name of committedMigrations(dir)) {
      if (done.has(name)) continue;
      const sql = fs.readFileSync(path.join(dir, name, "migration.sql"), "utf8");
      try {
        await client.query("BEGIN");
        await client.query(sql);
        await client.query(`INSERT INTO "_app_migrations" (name) VALUES ($1)`, [name]);
        await client.query("COMMIT");
      } catch (e) {
        await client.query("ROLLBACK").catch(() => undefined);
        throw new Error(`PostgreSQL migration ${name} failed: ${errorMessage(e)}`);
      }
      applied.push(name);
    }
    return applied;
  } finally {
    await client.query("SELECT pg_advisory_unlock_all()").catch(() => undefined);
    await client.end();
  }
}
