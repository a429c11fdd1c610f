/**
 * The app side of the deliveries bench (bench/deliveries.ts): the connector and the MT dispatcher on a temporary
 * migrated SQLite file, in a process of its own (the app's memory is measured on the real server: bench/app-memory.ts).
 * IPC: `{ready}` once started; `{cmd: "run", port, mtPerSecond, window, connections, count, csv}` creates an account
 * bound to the SMSC child's port, a delivery of `count` numbers (a pasted list, or a CSV file streamed from disk),
 * waits until it is finished and answers `{importMs, sendMs, sendCpuMs, sent, processed, total, rate}`;
 * "stop" exits.
 */
import fs from "node:fs";
import path from "node:path";
import { createTestDatabase } from "../../tests/support/temp-db";

type Run = { cmd: "run"; port: number; mtPerSecond: number; window: number; connections: number; count: number; csv: boolean };

/** Distinct valid UK mobile numbers. */
const number = (i: number) => `+4477${String(100_000_000 + i).slice(-8)}`;

async function main() {
  // BENCH_BACKEND=postgres: a PostgreSQL database of its own (bench/postgres.ts runs each bench on both backends).
  process.env.SMS_TEST_BACKEND = process.env.BENCH_BACKEND === "postgres" ? "postgres" : "sqlite";
  const tmp = await createTestDatabase("bench-deliveries-");
  process.env.DATABASE_URL = tmp.url;
  process.env.DATA_DIR = tmp.dir;
  process.env.APP_SECRET ??= "0".repeat(64);
  const { createAccount, setAccountEnabled } = await import("@/lib/accounts/repository");
  const { Connector } = await import("@/lib/connector/service");
  const { startDispatcher } = await import("@/lib/deliveries/dispatch");
  const { closeWriter } = await import("@/lib/storage/writer");
  const { createDelivery, importFinished } = await import("@/lib/deliveries/repository");
  const { SendJournal } = await import("@/lib/deliveries/send-journal");
  const { db } = await import("@/lib/db");

  const { startJournalThread } = await import("@/lib/deliveries/journal-thread");
  const { getWriter } = await import("@/lib/storage/writer");

  const connector = new Connector({ sweepMs: 0, log: () => undefined });
  await connector.start();
  // As the connector process (scripts/connector.ts) runs it: on SQLite the journal's claims and commits on its thread.
  const thread = await startJournalThread(tmp.url);
  const dispatcher = startDispatcher(connector, {
    log: (m) => console.error(`[bench app] ${m}`),
    journal: new SendJournal(getWriter(), thread),
  });
  const journal = new SendJournal();
  let runs = 0;
  let previous: string | null = null;

  async function run(m: Run) {
    runs++;
    if (previous) await setAccountEnabled(previous, false, "bench");
    const created = await createAccount(
      {
        label: `Bench ${runs}`,
        internalName: `bench_${runs}`,
        connection: { host: "127.0.0.1", port: m.port, systemId: "bench", password: "bench", connections: m.connections },
        channel: { realtimeKpi: true },
        throughput: { window: m.window, mtPerSecond: m.mtPerSecond, enquireLinkPeriod: 0, reconnectDelay: 1 },
      },
      "bench",
    );
    if (!created.ok) throw new Error(`bench account: ${created.message}`);
    const accountId = created.account.id;
    previous = accountId;
    await connector.waitForState(accountId, "bound", 10_000);

    const t0 = performance.now();
    let result;
    if (m.csv) {
      // Written in chunks: the bench process never holds the whole file either.
      const file = path.join(tmp.dir, `bench-${runs}.csv`);
      const out = fs.createWriteStream(file);
      out.write("name,phone\n");
      for (let i = 0; i < m.count; i += 10_000) {
        let chunk = "";
        for (let j = i; j < Math.min(m.count, i + 10_000); j++) chunk += `P${j},${number(j)}\n`;
        if (!out.write(chunk)) await new Promise<void>((r) => out.once("drain", () => r()));
      }
      await new Promise<void>((r) => out.end(r));
      result = await createDelivery({ accountId, text: "Bench MT", phoneColumn: "phone" }, { kind: "csv", file }, "bench");
    } else {
      result = await createDelivery(
        { accountId, text: "Bench MT", recipients: Array.from({ length: m.count }, (_, i) => number(i)) },
        { kind: "list" },
        "bench",
      );
    }
    if (!result.ok) throw new Error(`delivery: ${result.message} ${JSON.stringify(result.fields)}`);
    const id = result.id;
    await importFinished(id);
    const t1 = performance.now();
    const cpu0 = process.cpuUsage();
    dispatcher.wake();
    for (;;) {
      if ((await journal.deliveryStatus(id)) !== "running") break;
      await new Promise((r) => setTimeout(r, 20));
    }
    const t2 = performance.now();
    const cpu = process.cpuUsage(cpu0);
    const d = await db.delivery.findUniqueOrThrow({ where: { id } });
    return {
      importMs: Math.round(t1 - t0),
      sendMs: Math.round(t2 - t1),
      sendCpuMs: Math.round((cpu.user + cpu.system) / 1000),
      status: d.status,
      total: d.total,
      processed: d.processed,
      sent: d.sent,
      rate: d.rateSamples,
    };
  }

  process.send!({ ready: true });
  process.on("message", (m: "stop" | Run) => {
    void (async () => {
      if (m === "stop") {
        await dispatcher.stop();
        await thread?.close();
        await connector.stop();
        await closeWriter();
        await db.$disconnect();
        await tmp.cleanup();
        process.exit(0);
      }
      try {
        process.send!(await run(m));
      } catch (e) {
        process.send!({ error: e instanceof Error ? e.message : String(e) });
      }
    })();
  });
  process.on("disconnect", () => process.exit(0));
}

void main();
