import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { POSTGRES_SCHEMA, postgresSchemaFrom, SQLITE_SCHEMA } from "@/scripts/postgres-schema";

// prisma/postgresql/schema.prisma is made from prisma/schema.prisma: a model changed in one and not the other
// would give the two backends different tables.
describe("the PostgreSQL schema", () => {
  it("is the SQLite schema with the PostgreSQL provider (npm run db:pg-schema rewrites it)", () => {
    expect(fs.readFileSync(POSTGRES_SCHEMA, "utf8")).toBe(postgresSchemaFrom(fs.readFileSync(SQLITE_SCHEMA, "utf8")));
  });

  it("has a migration for each SQLite migration made after the PostgreSQL init", () => {
    const names = (dir: string) =>
      fs
        .readdirSync(dir, { withFileTypes: true })
        .filter((d) => d.isDirectory())
        .map((d) => d.name)
        .sort();
    const pg = names("prisma/postgresql/migrations");
    const init = pg[0];
    const later = names("prisma/migrations").filter((m) => m > init);
    expect(pg.slice(1)).toEqual(later);
  });
});
