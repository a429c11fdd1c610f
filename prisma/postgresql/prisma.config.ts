import path from "node:path";
import { defineConfig } from "prisma/config";
import { PrismaPg } from "@prisma/adapter-pg";

// The PostgreSQL side of the Prisma CLI (generate, migrate diff). Migrations are applied by lib/postgres/migrate.ts,
// not `prisma migrate deploy`: the WebAssembly schema engine cannot read PostgreSQL's catalog (prisma/orm#27403).
process.env.DATABASE_URL ||= "postgresql://postgres@127.0.0.1:5432/postgres";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join(import.meta.dirname, "schema.prisma"),
  migrations: { path: path.join(import.meta.dirname, "migrations") },
  adapter: async () => new PrismaPg({ connectionString: process.env.DATABASE_URL! }),
});
