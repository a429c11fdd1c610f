// Runs before each integration test file: a fresh migrated SQLite file and a data folder of its own,
// set before the file's imports create the Prisma client singleton (lib/db.ts).
import { afterAll } from "vitest";
import { createTempDatabase } from "./temp-db";

const tmp = createTempDatabase();
process.env.DATABASE_URL = tmp.url;
process.env.DATA_DIR = tmp.dir;
process.env.APP_SECRET ??= "0".repeat(64);
afterAll(() => tmp.cleanup());
