/**
 * Issue 5's memory goal on the real app, re-measured after issue 9's split: `npm start`'s web server (next start,
 * the production build: the API, the CSV upload and import) and its connector process (binds, the MT dispatcher,
 * the commits) send 1,000,000 recipients uploaded as a CSV through the HTTP API to node-smpp's bare server
 * (mtPerSecond 0, window 100). The RSS of each process tree is read from /proc every 100 ms, separately while
 * importing (status pending) and while sending (status running). Run twice, each on a fresh server and database:
 * with npm start's node flags (the goal's rows) and with node's defaults (APP_HEAP_MB=0), to show what the heap
 * limit does.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { startAppServer } from "./support/app-server";
import { startServerProcess, type ServerProcess } from "./support/server-process";
import type { BenchContext, BenchRow, BenchSection } from "./types";

const number = (i: number) => `+4477${String(100_000_000 + i).slice(-8)}`;

type Delivery = { status: string; total: number; processed: number; sent: number };
type Memory = { rssMB: number; heapUsedMB: number; heapLimitMB: number };

async function writeCsv(file: string, count: number): Promise<void> {
  const out = fs.createWriteStream(file);
  out.write("name,phone\n");
  for (let i = 0; i < count; i += 10_000) {
    let chunk = "";
    for (let j = i; j < Math.min(count, i + 10_000); j++) chunk += `P${j},${number(j)}\n`;
    if (!out.write(chunk)) await new Promise<void>((r) => out.once("drain", () => r()));
  }
  await new Promise<void>((r) => out.end(r));
}

type Peaks = { import: number; send: number };
type Measured = {
  idle: number;
  connectorIdle: number;
  web: Peaks;
  connector: Peaks;
  importS: number;
  sendS: number;
  heapLimitMB: number;
};

async function measure(
  ctx: BenchContext,
  smsc: ServerProcess,
  csv: string,
  count: number,
  build: boolean,
  env: Record<string, string>,
): Promise<Measured> {
  const app = await startAppServer({ build, log: ctx.log, env });
  try {
    const account = await app.api<{ id: string }>("POST", "/api/v1/accounts", {
      label: "Bench memory",
      internalName: "bench_memory",
      connection: { host: "127.0.0.1", port: smsc.port, systemId: "bench", password: "bench", connections: 1 },
      channel: { realtimeKpi: true },
      throughput: { window: 100, mtPerSecond: 0, reconnectDelay: 1 },
    });
    await app.waitBound(account.id);
    // What the server says of itself: V8's heap limit as it was started.
    const { memory } = await app.api<{ memory: Memory }>("GET", "/api/health");
    const idle = app.rssMB();
    const connectorIdle = app.connectorRssMB();
    ctx.log(
      `app-memory: idle web server ${idle} MB, connector ${connectorIdle} MB, V8 heap limit ${memory.heapLimitMB} MB; uploading ${count} recipients`,
    );

    let phase: "import" | "send" = "import";
    const web: Peaks = { import: idle, send: 0 };
    const connector: Peaks = { import: connectorIdle, send: 0 };
    const sampler = setInterval(() => {
      web[phase] = Math.max(web[phase], app.rssMB());
      connector[phase] = Math.max(connector[phase], app.connectorRssMB());
    }, 100);
    try {
      const form = new FormData();
      form.set("accountId", account.id);
      form.set("text", "Bench MT");
      form.set("phoneColumn", "phone");
      form.set("file", await fs.openAsBlob(csv, { type: "text/csv" }), "recipients.csv");
      const t0 = performance.now();
      const { id } = await app.api<{ id: string }>("POST", "/api/v1/deliveries", form);
      let d: Delivery;
      let t1 = 0;
      for (;;) {
        d = await app.api<Delivery>("GET", `/api/v1/deliveries/${id}`);
        if (d.status !== "pending" && phase === "import") {
          phase = "send";
          t1 = performance.now();
        }
        if (d.status !== "pending" && d.status !== "running") break;
        await new Promise((r) => setTimeout(r, 200));
      }
      const t2 = performance.now();
      if (d.status !== "finished" || d.sent !== count || d.total !== count)
        throw new Error(`app-memory: ${JSON.stringify(d)} for ${count}`);
      return {
        idle,
        connectorIdle,
        web,
        connector,
        importS: (t1 - t0) / 1000,
        sendS: (t2 - t1) / 1000,
        heapLimitMB: memory.heapLimitMB,
      };
    } finally {
      clearInterval(sampler);
    }
  } finally {
    await app.stop();
  }
}

export const section: BenchSection = {
  name: "app-memory",
  title: "The app (npm start: web server + connector) sending 1,000,000 recipients: peak RSS (issues 5, 9)",
  // Measured after the others: the deliveries bench right after it read 16,465 instead of 25,028 MT/s.
  runsLast: true,
  async run(ctx) {
    const count = ctx.quick ? 100_000 : 1_000_000;
    const n = count.toLocaleString("en");
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "bench-app-csv-"));
    const csv = path.join(tmp, "recipients.csv");
    await writeCsv(csv, count);
    const smsc = await startServerProcess("bare");
    const rows: BenchRow[] = [];
    try {
      const runs: { how: string; env: Record<string, string>; goal: boolean }[] = [
        { how: "npm start's node flags", env: {}, goal: true },
        { how: "node's defaults, APP_HEAP_MB=0", env: { APP_HEAP_MB: "0" }, goal: false },
      ];
      for (const [i, run] of runs.entries()) {
        ctx.log(`app-memory: ${run.how}`);
        const m = await measure(ctx, smsc, csv, count, i === 0 && process.env.BENCH_NO_BUILD !== "1", run.env);
        const goal = (mb: number) => (run.goal ? { goal: "< 300 MB", ok: mb < 300 } : {});
        rows.push({
          metric: `Peak RSS of the connector process while sending ${n} recipients (${run.how})`,
          value: m.connector.send,
          unit: "MB",
          ...goal(m.connector.send),
          note: `sent in ${m.sendS.toFixed(1)} s (${Math.round(count / m.sendS).toLocaleString("en")} MT/s); idle after bind ${m.connectorIdle} MB; scripts/connector.ts, RSS from /proc every 100 ms`,
        });
        rows.push({
          metric: `Peak RSS of the web server while sending ${n} recipients (${run.how})`,
          value: m.web.send,
          unit: "MB",
          ...goal(m.web.send),
          note: `V8 heap limit ${m.heapLimitMB} MB; idle ${m.idle} MB; next start's process tree (progress polled every 200 ms through the API)`,
        });
        rows.push({
          metric: `Peak RSS of the web server while receiving and importing the ${n}-row CSV (${run.how})`,
          value: m.web.import,
          unit: "MB",
          ...goal(m.web.import),
          note: `multipart upload through POST /api/v1/deliveries, streamed to disk, imported in ${m.importS.toFixed(1)} s; connector meanwhile ${m.connector.import} MB`,
        });
      }
      return rows;
    } finally {
      await smsc.stop();
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  },
};
