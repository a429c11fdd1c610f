import "server-only";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/prisma/client";
import { PrismaClient as PrismaPgClient } from "./generated/prisma-pg/client";
import { databaseUrl, isPostgresUrl } from "./database-url";
import { singleton } from "@/lib/singleton";
import { PG_CONNECTION_OPTIONS } from "@/lib/postgres/pool";

/**
 * The app's Prisma client. Both backends have the same models (prisma/postgresql/schema.prisma is generated from
 * prisma/schema.prisma), so the SQLite client's type serves both; the PostgreSQL client differs only in accepting
 * more (e.g. `mode: "insensitive"`), which the code does not use.
 */
export type Db = PrismaClient;

/** A Prisma client on the URL: PostgreSQL through @prisma/adapter-pg, else SQLite through better-sqlite3. */
export function createDb(url: string = databaseUrl()): Db {
  if (isPostgresUrl(url))
    return new PrismaPgClient({ adapter: new PrismaPg({ connectionString: url, ...PG_CONNECTION_OPTIONS }) }) as unknown as Db;
  // timeout: how long better-sqlite3 waits on a locked database before SQLITE_BUSY.
  return new PrismaClient({ adapter: new PrismaBetterSQLite3({ url, timeout: 5000 }) });
}

/** The one Prisma client of the process (a singleton, so that dev reloads reuse it). */
export const db: Db = singleton("db", createDb);

/**
 * A case-insensitive substring filter for Prisma's `where`, as SQLite's LIKE answers it (ASCII case ignored) on both
 * backends: PostgreSQL's `contains` is case-sensitive unless asked `mode: "insensitive"` (ILIKE).
 */
export function containsText(q: string): { contains: string } {
  return (isPostgresUrl() ? { contains: q, mode: "insensitive" } : { contains: q }) as { contains: string };
}
