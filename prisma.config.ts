import path from "node:path";
import { defineConfig } from "prisma/config";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { databaseUrl } from "./lib/database-url";

// schema.prisma reads env("DATABASE_URL"); without it the CLI falls back to downloading a native engine.
process.env.DATABASE_URL ||= databaseUrl();

// Prisma's native engines cannot be downloaded on our machines (shared/notes/prisma-here.md):
// the WebAssembly schema engine ("js") with the better-sqlite3 driver adapter does generate, migrate deploy and diff.
export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join("prisma", "schema.prisma"),
  migrations: { path: path.join("prisma", "migrations") },
  adapter: async () => new PrismaBetterSQLite3({ url: databaseUrl() }),
});
