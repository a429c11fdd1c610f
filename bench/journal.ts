/**
 * The send journal's SQLite steps alone, as the journal thread runs them (lib/deliveries/send-journal-sqlite.ts): CPU
 * per recipient of claiming 500 at a time (swept: read, one mark written) and of writing their outcomes 500 at a time (→ sent,
 * one MessagePart row each), over a delivery of 100,000 in a fresh SQLite file. On the product path (issue 9) this
 * is the journal thread's share of each MT, which the event loop and the SMSC wait behind on a 2-core host; measured
 * here in one thread with nothing else to share the core, it is steadier than the product-path ratio, so a change
 * to the journal's statements can be judged by it first. Median of 5 databases; every recipient and part counted.
 */
import fs from "node:fs";
import Database from "better-sqlite3";
import { claimSqlite, flushSqlite } from "@/lib/deliveries/send-journal-sqlite";
import { openSqliteWriter } from "@/lib/storage/sqlite-writer";
import { sentOutcome } from "../tests/support/sent-outcome";
import { createTempDatabase } from "../tests/support/temp-db";
import type { BenchSection } from "./types";
import { median } from "./support/median";

/** As the dispatcher asks with window 100 and no MT/s limit (account-pump.ts depth, dispatch.ts FLUSH_AT). */
const BATCH = 500;

/** `walBytes`: what the round wrote to the WAL per recipient, in the round run without checkpoints (else null). */
type Round = { claimUs: number; flushUs: number; walBytes: number | null };

const cpuUs = (from: NodeJS.CpuUsage) => {
  const c = process.cpuUsage(from);
  return c.user + c.system;
};

/** `walOnly`: no checkpoint during the round, so that the WAL's size at its end is every page it wrote. */
async function round(recipients: number, walOnly = false): Promise<Round> {
  const t = createTempDatabase("bench-journal-");
  try {
    const setup = new Database(t.file);
    setup.exec(`INSERT INTO "RoutingAccount" (id, label, internalName, host, port, mode, tls, settings, updatedAt)
                VALUES ('acc', 'Bench', 'bench', '127.0.0.1', 2775, 'transceiver', 0, '{}', '2026-01-01T00:00:00.000+00:00')`);
    setup.exec(
      `INSERT INTO "Delivery" (id, accountId, text, status, total) VALUES ('del', 'acc', 'Hello', 'running', ${recipients})`,
    );
    const add = setup.prepare(`INSERT INTO "Recipient" (deliveryId, number) VALUES ('del', ?)`);
    setup.transaction(() => {
      for (let i = 0; i < recipients; i++) add.run(`+3361${String(i).padStart(7, "0")}`);
    })();
    setup.close();

    const w = openSqliteWriter(t.url);
    if (walOnly) w.prepare("PRAGMA wal_autocheckpoint = 0").run();
    let claimUs = 0;
    let flushUs = 0;
    for (;;) {
      let from = process.cpuUsage();
      const { claimed, sweptThrough } = await claimSqlite(w, "del", BATCH, "", "bench-node");
      claimUs += cpuUs(from);
      if (claimed.length === 0) break;
      const outcomes = claimed.map((r) => sentOutcome({ id: "del", accountId: "acc" }, r));
      from = process.cpuUsage();
      // With the delivery's settled mark, as the journal writes it with each flush.
      await flushSqlite(w, outcomes, [], [["del", sweptThrough]]);
      flushUs += cpuUs(from);
    }
    const sent = (w.prepare(`SELECT count(*) AS n FROM "Recipient" WHERE state = 'sent'`).get() as { n: number }).n;
    const parts = (w.prepare(`SELECT count(*) AS n FROM "MessagePart"`).get() as { n: number }).n;
    const walBytes = walOnly ? fs.statSync(`${t.file}-wal`).size / recipients : null;
    w.close();
    if (sent !== recipients || parts !== recipients)
      throw new Error(`journal bench: ${sent} sent and ${parts} parts of ${recipients} recipients`);
    return { claimUs: claimUs / recipients, flushUs: flushUs / recipients, walBytes };
  } finally {
    await t.cleanup();
  }
}

const us = (x: number) => x.toFixed(2);

export const section: BenchSection = {
  name: "journal",
  title: "The send journal's SQLite steps: CPU per recipient claimed and answered (issue 9's journal thread)",
  async run(ctx) {
    const recipients = ctx.quick ? 20_000 : 100_000;
    const rounds: Round[] = [];
    for (let i = 0; i < (ctx.quick ? 2 : 5); i++) {
      rounds.push(await round(recipients));
      ctx.log(`journal: round ${i + 1}: claim ${us(rounds[i].claimUs)} µs, flush ${us(rounds[i].flushUs)} µs per recipient`);
    }
    const claim = median(rounds.map((r) => r.claimUs));
    const flush = median(rounds.map((r) => r.flushUs));
    const total = median(rounds.map((r) => r.claimUs + r.flushUs));
    const each = rounds.map((r) => us(r.claimUs + r.flushUs)).join(", ");
    const wal = (await round(recipients, true)).walBytes!;
    const of = `median of ${rounds.length} fresh databases of ${recipients.toLocaleString("en-US")} recipients, batches of ${BATCH}, one thread`;
    return [
      {
        metric: "Claim (swept in id order, one mark written), per recipient",
        value: Number(us(claim)),
        unit: "µs CPU",
        note: of,
      },
      {
        metric: "Outcome written (→ sent, one MessagePart row, the settled mark), per recipient",
        value: Number(us(flush)),
        unit: "µs CPU",
        note: of,
      },
      { metric: "Claim and outcome, per recipient", value: Number(us(total)), unit: "µs CPU", note: `${of}; rounds ${each} µs` },
      {
        metric: "WAL written by claim and outcome, per recipient",
        value: Math.round(wal),
        unit: "bytes",
        note: `one more fresh database of ${recipients.toLocaleString("en-US")}, no checkpoint during it: the WAL's size at its end`,
      },
    ];
  },
};
