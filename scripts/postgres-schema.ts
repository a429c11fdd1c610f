/**
 * prisma/postgresql/schema.prisma is made from prisma/schema.prisma (the one source of the models): the same models
 * with provider "postgresql" and a client of its own in lib/generated/prisma-pg. Prisma takes one provider per
 * schema file (shared/notes/prisma-here.md), so the PostgreSQL file is generated, never edited by hand;
 * tests/unit/postgres-schema-is-generated.test.ts fails when it drifts. `npm run db:pg-schema` rewrites it.
 */
import fs from "node:fs";
import path from "node:path";

export const SQLITE_SCHEMA = path.join("prisma", "schema.prisma");
export const POSTGRES_SCHEMA = path.join("prisma", "postgresql", "schema.prisma");

export function postgresSchemaFrom(sqlite: string): string {
  const out = sqlite
    .replace(/provider\s*=\s*"sqlite"/, 'provider = "postgresql"')
    .replace(/output\s*=\s*"\.\.\/lib\/generated\/prisma"/, 'output     = "../../lib/generated/prisma-pg"');
  if (out === sqlite || !out.includes('"postgresql"') || !out.includes("prisma-pg"))
    throw new Error(`${SQLITE_SCHEMA}: datasource provider or generator output not found`);
  return `// GENERATED from prisma/schema.prisma by scripts/postgres-schema.ts (npm run db:pg-schema): do not edit.\n${out}`;
}

if (process.argv[1] && path.basename(process.argv[1]).startsWith("postgres-schema")) {
  const text = postgresSchemaFrom(fs.readFileSync(SQLITE_SCHEMA, "utf8"));
  fs.mkdirSync(path.dirname(POSTGRES_SCHEMA), { recursive: true });
  fs.writeFileSync(POSTGRES_SCHEMA, text);
  console.log(`wrote ${POSTGRES_SCHEMA}`);
}
