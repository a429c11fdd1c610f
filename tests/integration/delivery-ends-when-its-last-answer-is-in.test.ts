import fs from "node:fs";
import { describe, expect, it } from "vitest";
import type { Connector } from "@/lib/connector/service";
import { sqliteFilePath } from "@/lib/database-url";
import { db } from "@/lib/db";
import { importRecipients, listedRecipients } from "@/lib/deliveries/recipient-import";
import { PG_FINISH_RECIPIENTS, PG_HASH_JOINS } from "@/lib/deliveries/send-journal-pg";
import { getWriter } from "@/lib/storage/writer";
import type { Simulator } from "@/simulator";
import { createSimAccount } from "../support/connector-test-kit";
import { frenchMobiles, startDelivery, submits, waitForStatus, withDispatcher } from "../support/delivery-test-kit";
import { testBackend } from "../support/temp-db";

// Outcomes are committed in groups: at 500 buffered, else after flushMs. Once nothing is on the wire or queued, the
// last ones are committed at once: with a flushMs of 10 minutes, a delivery still ends as soon as its last answer is in.
let sim: Simulator;
let connector: Connector;
withDispatcher(
  (s, c) => {
    sim = s;
    connector = c;
  },
  { flushMs: 600_000 },
);

describe("the end of a delivery", () => {
  it("is committed when its last submit_sm_resp arrives, not flushMs later", async () => {
    const accountId = await createSimAccount(sim);
    await connector.waitForState(accountId, "bound");
    const id = await startDelivery(accountId, frenchMobiles(40));
    const done = await waitForStatus(id, "finished", 15_000);
    expect(done).toMatchObject({ sent: 40, processed: 40 });
    expect(submits(sim.received)).toHaveLength(40);
  });

  it.skipIf(testBackend() === "postgres")(
    "starts from a checkpointed database: the import copies its rows out of the WAL into the file as its last step",
    async () => {
      const accountId = await createSimAccount(sim, { enabled: false });
      const d = await db.delivery.create({ data: { accountId, text: "Hello", status: "pending" } });
      const file = sqliteFilePath(process.env.DATABASE_URL!);
      const before = fs.statSync(file).size;
      await importRecipients(d.id, "", listedRecipients(frenchMobiles(20_000, 1000)));
      // In the database file itself, not only in the WAL: the next commit of another connection (Prisma's, marking
      // the delivery running) has no checkpoint to do before the first submit_sm can go.
      expect(fs.statSync(file).size - before).toBeGreaterThan(500_000);
      expect(await db.recipient.count({ where: { deliveryId: d.id } })).toBe(20_000);
    },
  );

  it.runIf(testBackend() === "postgres")(
    "commits outcomes whatever PostgreSQL's statistics say: the outcome UPDATE joins its arrays by hash, not by nested loop",
    async () => {
      const accountId = await createSimAccount(sim, { enabled: false });
      const d = await db.delivery.create({ data: { accountId, text: "Hello", status: "running" } });
      await importRecipients(d.id, "", listedRecipients(frenchMobiles(20_000, 3000)));
      const ids = (await db.recipient.findMany({ where: { deliveryId: d.id }, select: { id: true }, take: 2000 })).map(
        (r) => r.id,
      );
      await db.recipient.updateMany({ where: { id: { in: ids } }, data: { state: "wire" } });
      const writer = getWriter();
      if (writer.kind !== "pg") throw new Error("PostgreSQL expected");
      // Statistics taken while few recipients are on the wire, as autovacuum may take them in the middle of a delivery:
      // "state = 'wire'" is then estimated at one row, and a nested loop rescanned the 2,000 outcomes per recipient.
      await writer.query(`ANALYZE "Recipient"`);
      const plan = await writer.write(async (c) => {
        await c.query(PG_HASH_JOINS);
        // As a prepared statement runs after its first executions: one plan for any arrays.
        await c.query("SET LOCAL plan_cache_mode = force_generic_plan");
        await c.query(`PREPARE finish_plan AS ${PG_FINISH_RECIPIENTS}`);
        const n = ids.length;
        const r = await c.query<{ "QUERY PLAN": unknown }>(
          `EXPLAIN (FORMAT JSON) EXECUTE finish_plan('{${ids.join(",")}}', array_fill('sent'::text, ARRAY[${n}]),
             array_fill(NULL::text, ARRAY[${n}]), array_fill(NULL::text, ARRAY[${n}]), array_fill(NULL::text, ARRAY[${n}]),
             array_fill(false, ARRAY[${n}]), array_fill(NULL::timestamp, ARRAY[${n}]), array_fill(0, ARRAY[${n}]))`,
        );
        await c.query("DEALLOCATE finish_plan");
        return JSON.stringify(r.rows[0]["QUERY PLAN"]);
      });
      expect(plan).toContain('"Recipient_pkey"');
      expect(plan).not.toContain("Nested Loop");
    },
  );
});
