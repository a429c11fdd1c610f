import "server-only";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "./generated/prisma/client";
import { databaseUrl } from "./database-url";

export type Db = PrismaClient;

/** A Prisma client on the given SQLite URL, through the better-sqlite3 driver adapter (no native Prisma engine). */
export function createDb(url: string = databaseUrl()): Db {
  // timeout: how long better-sqlite3 waits on a locked database before SQLITE_BUSY.
  return new PrismaClient({ adapter: new PrismaBetterSQLite3({ url, timeout: 5000 }) });
}

const globalForDb = globalThis as unknown as { __smsDb?: Db };

/** The one Prisma client of the process (cached on globalThis so that dev reloads reuse it). */
export const db: Db = globalForDb.__smsDb ?? (globalForDb.__smsDb = createDb());
