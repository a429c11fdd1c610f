// Runs before each integration test file: a fresh migrated database (a SQLite file, or with SMS_TEST_BACKEND=postgres
// a PostgreSQL database of its own) and a data folder of its own, set before the file's imports create the Prisma
// client singleton (lib/db.ts).
import { afterAll } from "vitest";
import { createTestDatabase } from "./temp-db";

const tmp = await createTestDatabase();
process.env.DATABASE_URL = tmp.url;
process.env.DATA_DIR = tmp.dir;
process.env.APP_SECRET ??= "0".repeat(64);
afterAll(async () => {
  const { db } = await import("@/lib/db");
  await db.$disconnect().catch(() => undefined);
  await tmp.cleanup();
});
