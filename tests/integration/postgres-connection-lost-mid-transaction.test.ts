import pg from "pg";
import { describe, expect, it } from "vitest";
import { testBackend } from "../support/temp-db";

// PostgreSQL (issue 10): the server may end a connection between two statements of a transaction (a restart, a
// failover, pg_terminate_backend). The connector's write must fail with that error, roll back and drop the client —
// never leave an unhandled 'error' event on the checked-out client, which would end the whole connector process.
const onPostgres = testBackend() === "postgres";

describe.runIf(onPostgres)("a PostgreSQL connection ended inside a transaction", () => {
  it("fails that write, keeps the process and the pool working", async () => {
    const { openPgWriter } = await import("@/lib/postgres/writer");
    const writer = openPgWriter(process.env.DATABASE_URL!, 2);
    const admin = new pg.Client({ connectionString: process.env.DATABASE_URL! });
    await admin.connect();
    try {
      const write = writer.write(async (c) => {
        const pid = (await c.query<{ pid: number }>("SELECT pg_backend_pid() AS pid")).rows[0].pid;
        await admin.query("SELECT pg_terminate_backend($1)", [pid]);
        // The FATAL message reaches this client while no statement of its own is running.
        await new Promise<void>((resolve) => c.once("end", () => resolve()));
        await c.query("SELECT 1");
      });
      await expect(write).rejects.toThrow();
      // The pool hands out a live connection afterwards.
      expect(await writer.write(async (c) => (await c.query<{ n: number }>("SELECT 41 + 1 AS n")).rows[0].n)).toBe(42);
    } finally {
      await admin.end();
      await writer.close();
    }
  });
});
