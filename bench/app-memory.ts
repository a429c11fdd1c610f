/**
 * Issue 5's memory goal on the real app: `npm start`'s server (next start, the production build, with the connector
 * and the MT dispatcher in its process) sends 1,000,000 recipients uploaded as a CSV through the HTTP API to
 * node-smpp's bare server (mtPerSecond 0, window 100). The RSS of the server process tree is read from /proc every
 * 100 ms, separately while importing (status pending) and while sending (status running).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { startAppServer } from "./support/app-server";
import { startServerProcess } from "./support/server-process";
import type { BenchRow, BenchSection } from "./types";

const number = (i: number) => `+4477${String(100_000_000 + i).slice(-8)}`;

type Delivery = { status: string; total: number; processed: number; sent: number };

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

export const section: BenchSection = {
  name: "app-memory",
  title: "The app process (npm start) sending 1,000,000 recipients: peak RSS (issue 5)",
  async run(ctx) {
    const count = ctx.quick ? 100_000 : 1_000_000;
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "bench-app-csv-"));
    const csv = path.join(tmp, "recipients.csv");
    await writeCsv(csv, count);
    const smsc = await startServerProcess("bare");
    const app = await startAppServer({ build: process.env.BENCH_NO_BUILD !== "1", log: ctx.log });
    try {
      const account = await app.api<{ id: string }>("POST", "/api/v1/accounts", {
        label: "Bench memory",
        internalName: "bench_memory",
        connection: { host: "127.0.0.1", port: smsc.port, systemId: "bench", password: "bench", connections: 1 },
        channel: { realtimeKpi: true },
        throughput: { window: 100, mtPerSecond: 0, reconnectDelay: 1 },
      });
      for (let i = 0; ; i++) {
        const s = await app.api<{ state: string }>("GET", `/api/v1/accounts/${account.id}/status`);
        if (s.state === "bound") break;
        if (i > 100) throw new Error(`account not bound: ${JSON.stringify(s)}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      const idle = app.rssMB();
      ctx.log(`app-memory: idle server ${idle} MB; uploading ${count} recipients`);

      let phase: "import" | "send" = "import";
      const peak = { import: idle, send: 0 };
      const sampler = setInterval(() => {
        peak[phase] = Math.max(peak[phase], app.rssMB());
      }, 100);
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
      clearInterval(sampler);
      if (d.status !== "finished" || d.sent !== count || d.total !== count) throw new Error(`app-memory: ${JSON.stringify(d)} for ${count}`);
      const sendS = (t2 - t1) / 1000;
      const heapCap = /--max-old-space-size=(\d+)/.exec(fs.readFileSync(path.join(import.meta.dirname, "..", "scripts", "start.ts"), "utf8"));
      const how = `node flags from scripts/start.ts${heapCap ? ` (heap cap ${heapCap[1]} MB)` : ""}`;
      return [
        {
          metric: `Peak RSS of the app server (next start) while sending ${count.toLocaleString("en")} recipients`,
          value: peak.send,
          unit: "MB",
          goal: "< 300 MB",
          ok: peak.send < 300,
          note: `${how}; sent in ${sendS.toFixed(1)} s (${Math.round(count / sendS).toLocaleString("en")} MT/s incl. status polling); idle after bind ${idle} MB; RSS of the server process tree from /proc every 100 ms`,
        },
        {
          metric: `Peak RSS of the app server (next start) while receiving and importing the ${count.toLocaleString("en")}-row CSV`,
          value: peak.import,
          unit: "MB",
          note: `multipart upload through POST /api/v1/deliveries, streamed to disk and imported in ${((t1 - t0) / 1000).toFixed(1)} s`,
        },
      ] satisfies BenchRow[];
    } finally {
      await app.stop();
      await smsc.stop();
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  },
};
