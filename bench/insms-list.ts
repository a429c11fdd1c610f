/**
 * inSMS list API latency at 1,000,000 rows (issue 4 goal: p95 under 50 ms for the first and the 100th page).
 * The server (bench/support/insms-list-server.ts: real route handler over HTTP on a filled temporary SQLite file)
 * runs in a child process; this process is the client and times each request end to end, one at a time.
 */
import { fork } from "node:child_process";
import http from "node:http";
import path from "node:path";
import type { BenchRow, BenchSection } from "./types";
import { percentile } from "./support/stats";

type Server = { port: number; token: string; fillMs: number; sampleOrigin: string; stop(): Promise<void> };

// Rows are 40 ms apart from T0 (bench/support/insms-list-server.ts).
const T0 = Date.UTC(2026, 0, 1);

function startServer(rows: number): Promise<Server> {
  const child = fork(path.join(import.meta.dirname, "support", "insms-list-server.ts"), [String(rows), String(T0)], {
    execArgv: ["--conditions=react-server", "--import", "tsx"],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`inSMS bench server exited early (${code})`)));
    child.once("message", (m: { port: number; token: string; fillMs: number; sampleOrigin: string }) =>
      resolve({
        ...m,
        stop: async () => {
          if (child.connected) child.send("stop");
          const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
          await exited;
          clearTimeout(timer);
        },
      }),
    );
  });
}

type Page = { items: unknown[]; nextCursor: string | null };

function client(server: Server) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const get = (query: string) =>
    new Promise<{ ms: number; body: Page }>((resolve, reject) => {
      const started = performance.now();
      http
        .get(
          {
            host: "127.0.0.1",
            port: server.port,
            path: `/api/v1/insms?${query}`,
            agent,
            headers: { authorization: `Bearer ${server.token}` },
          },
          (res) => {
            const chunks: Buffer[] = [];
            res.on("data", (c: Buffer) => chunks.push(c));
            res.on("end", () => {
              const ms = performance.now() - started;
              const text = Buffer.concat(chunks).toString("utf8");
              if (res.statusCode !== 200) reject(new Error(`HTTP ${res.statusCode}: ${text}`));
              else resolve({ ms, body: JSON.parse(text) as Page });
            });
          },
        )
        .on("error", reject);
    });
  return { get, close: () => agent.destroy() };
}

const round = (n: number) => Math.round(n * 10) / 10;

export const section: BenchSection = {
  name: "insms",
  title: "inSMS list API latency at 1,000,000 rows (issue 4)",
  async run(ctx) {
    const rows = ctx.quick ? 100_000 : 1_000_000;
    const samples = ctx.quick ? 30 : 300;
    const deep = ctx.quick ? 10 : 100; // the "100th page" (quick runs have fewer matching rows)
    ctx.log(`insms: filling ${rows.toLocaleString("en-US")} rows…`);
    const server = await startServer(rows);
    ctx.log(`insms: filled in ${(server.fillMs / 1000).toFixed(1)} s; measuring`);
    const { get, close } = client(server);
    const out: BenchRow[] = [];

    const measure = async (label: string, filters: string, page: number, goal: boolean) => {
      // Walk to the page once (the cursor a user would hold), then time that page's request again and again.
      let cursor: string | null = null;
      for (let p = 1; p < page; p++) {
        const { body } = await get(`${filters}&limit=50${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
        cursor = body.nextCursor;
        if (!cursor) throw new Error(`${label}: only ${p} pages`);
      }
      const query = `${filters}&limit=50${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`;
      for (let w = 0; w < 20; w++) await get(query);
      const times: number[] = [];
      let items = -1;
      for (let s = 0; s < samples; s++) {
        const r = await get(query);
        times.push(r.ms);
        if (items >= 0 && r.body.items.length !== items) throw new Error(`${label}: page size changed between samples`);
        items = r.body.items.length;
      }
      times.sort((a, b) => a - b);
      const p95 = round(percentile(times, 95));
      out.push({
        metric: `${label}, page ${page}`,
        value: p95,
        unit: "ms p95",
        ...(goal ? { goal: "< 50 ms", ok: p95 < 50 } : {}),
        note: `p50 ${round(percentile(times, 50))} ms, max ${round(times[times.length - 1])} ms, ${samples} requests, ${items} items`,
      });
    };

    try {
      await measure("All accounts", "", 1, true);
      await measure("All accounts", "", deep, true);
      await measure("One account (1 row in 3)", "accountId=acc_beta", 1, true);
      await measure("One account (1 row in 3)", "accountId=acc_beta", deep, true);
      await measure("One sender", `origin=${encodeURIComponent(server.sampleOrigin)}`, 1, false);
      const middle = T0 + rows * 20;
      const hour = `since=${new Date(middle - 1_800_000).toISOString()}&until=${new Date(middle + 1_800_000).toISOString()}`;
      await measure("Date range of one hour", hour, 1, false);
      await measure("Text q=stop (1 row in 97)", "q=stop", 1, false);
      await measure("Text q=stop (1 row in 97)", "q=stop", deep, false);
      await measure("Text with no match (stops at the 10,000-row scan budget)", "q=zzz", 1, false);
    } finally {
      close();
      await server.stop();
    }
    out.push({
      metric: `Fill ${rows.toLocaleString("en-US")} rows (batched transactions of 50,000)`,
      value: round(server.fillMs / 1000),
      unit: "s",
    });
    return out;
  },
};
