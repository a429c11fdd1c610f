import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { storeMoBatch } from "@/lib/insms/store";
import { inboundSmsFeedReady, subscribeInboundSms } from "@/lib/insms/live";
import { closeWriter, getWriter } from "@/lib/storage/writer";
import type { InboundSms } from "@/lib/generated/prisma/client";
import { testBackend } from "../support/temp-db";
import { eventually } from "../support/connector-test-kit";
import { accountRow } from "../support/account-row";

// PostgreSQL (issue 10): connectors on several nodes commit MO concurrently, so ids do not commit in order. The live
// feed of a web process reads the rows each commit NOTIFYs: an MO whose transaction commits after a later id's still
// reaches the open pages (a poll on "id > last seen" would skip it for good).
const onPostgres = testBackend() === "postgres";
let accountId = "";

beforeAll(async () => {
  if (!onPostgres) return;
  accountId = (await accountRow("live")).id;
});

afterAll(async () => {
  if (onPostgres) await closeWriter();
});

const mo = (origin: string) => ({
  accountId,
  store: true,
  origin,
  destination: "36111",
  dataCoding: 0,
  text: `from ${origin}`,
  concat: null,
  rules: [],
});

describe.runIf(onPostgres)("the live inSMS feed on PostgreSQL", () => {
  it("gets an MO committed after a later id's, and the later one, each once", async () => {
    const seen: InboundSms[] = [];
    const stop = subscribeInboundSms((row) => seen.push(row));
    // Another node's transaction: it takes its id first and commits last.
    const other = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await other.connect();
    try {
      await inboundSmsFeedReady();
      await other.query("BEGIN");
      const first = (
        await other.query<{ id: number }>(
          `INSERT INTO "InboundSms" ("accountId", origin, destination, message, "dataCoding", "receivedAt", "createdAt")
           VALUES ($1, '33600000001', '36111', 'slow commit', 0, now(), now()) RETURNING id`,
          [accountId],
        )
      ).rows[0].id;
      await other.query(`SELECT pg_notify('sms_insms', $1)`, [String(first)]);
      const [later] = await storeMoBatch(getWriter(), [mo("33600000002")]);
      expect(later.inboundId!).toBeGreaterThan(first);
      await eventually(() => seen.some((r) => r.id === later.inboundId), 5000, "the later id live");
      await other.query("COMMIT");
      await eventually(() => seen.some((r) => r.id === first), 5000, "the earlier id, committed last, live");
      // Published here by the store (same process) and by the notification: the stream dedupes by id; each row is the
      // committed one.
      expect(seen.filter((r) => r.id === first)).toHaveLength(1);
      expect(seen.find((r) => r.id === first)!.message).toBe("slow commit");
    } finally {
      stop();
      await other.query("ROLLBACK").catch(() => undefined);
      await other.end();
    }
  });

  it("notifies other processes of every id a batch stored, once it has committed", async () => {
    const listener = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await listener.connect();
    const heard: number[] = [];
    listener.on("notification", (n) => {
      if (n.channel === "sms_insms") heard.push(...(n.payload ?? "").split(",").map(Number));
    });
    try {
      await listener.query("LISTEN sms_insms");
      const stored = await storeMoBatch(getWriter(), ["33600000011", "33600000012", "33600000013"].map(mo));
      const ids = stored.map((s) => s.inboundId!);
      await eventually(() => ids.every((id) => heard.includes(id)), 5000, "each stored id notified");
    } finally {
      await listener.end();
    }
  });
});
