/**
 * Issue 9's isolation figure: the app as `npm start` runs it (web server and connector in separate processes) while
 * 200 clients read `GET /api/v1/insms` back to back for 30 s and the simulator (its own process) offers 1,000 MO/s on
 * the clock. Goals: MO stored ≥ 95 % of offered, none acknowledged and lost, `/api/health` p99 < 500 ms; the readers'
 * p95 is reported. Then the same with CONNECTOR=in-process (the old single process), for comparison. Each figure is
 * the median of 3 rounds per mode (BENCH_ROUNDS), each round a fresh app; the notes list every round.
 */
import path from "node:path";
import Database from "better-sqlite3";
import { startAppServer, type AppServer } from "./support/app-server";
import { startChild } from "./support/inbound-bench";
import { median } from "./support/median";
import type { BenchContext, BenchRow, BenchSection } from "./types";
import { percentile } from "./support/stats";

const READERS = 200;
const MO_PER_SECOND = 1000;

const round = (v: number) => Math.round(v * 10) / 10;

/** GETs `route` back to back until `until`, on `n` concurrent clients; every latency in ms (errors counted apart). */
async function hammer(app: AppServer, route: string, n: number, until: number, pauseMs = 0) {
  const times: number[] = [];
  let errors = 0;
  await Promise.all(
    Array.from({ length: n }, async () => {
      while (performance.now() < until) {
        const t = performance.now();
        try {
          const r = await fetch(`${app.url}${route}`, { headers: { authorization: `Bearer ${app.token}` } });
          await r.arrayBuffer();
          if (r.ok) times.push(performance.now() - t);
          else errors++;
        } catch {
          errors++;
        }
        if (pauseMs) await new Promise((r) => setTimeout(r, pauseMs));
      }
    }),
  );
  return { times: times.sort((a, b) => a - b), errors };
}

async function run(ctx: BenchContext, how: string, env: Record<string, string>, seconds: number, build: boolean) {
  const smsc = await startChild("inbound-smsc-child.ts", ["simulator"], ["--import", "tsx"]);
  const app = await startAppServer({ build, log: ctx.log, env });
  try {
    const account = await app.api<{ id: string }>("POST", "/api/v1/accounts", {
      label: "Bench isolation",
      internalName: "bench_isolation",
      connection: { host: "127.0.0.1", port: smsc.first.port, systemId: "bench", password: "bench", connections: 1 },
      channel: { storeIncomingMo: true },
      throughput: { window: 100, reconnectDelay: 1 },
    });
    await app.waitBound(account.id);
    ctx.log(`isolation (${how}): ${READERS} readers and ${MO_PER_SECOND} MO/s for ${seconds} s`);
    const until = performance.now() + seconds * 1000;
    const [mo, readers, health] = await Promise.all([
      smsc.child.request<{ offered: number; acked: number; refused: number; ms: number }>({
        cmd: "push-mo-rate",
        rate: MO_PER_SECOND,
        seconds,
      }),
      hammer(app, "/api/v1/insms?limit=50", READERS, until),
      hammer(app, "/api/health", 1, until, 100),
    ]);
    const file = path.join(app.dataDir, "app.db");
    const sqlite = new Database(file, { readonly: true });
    const stored = (sqlite.prepare(`SELECT COUNT(*) AS n FROM "InboundSms"`).get() as { n: number }).n;
    sqlite.close();
    return { mo, stored, readers, health };
  } finally {
    await app.stop();
    await smsc.child.stop();
  }
}

type Round = Awaited<ReturnType<typeof run>>;

const fmt = (xs: number[]) => xs.map((x) => round(x).toLocaleString("en")).join(", ");

export const section: BenchSection = {
  name: "isolation",
  title: "Isolation: 200 inSMS readers while the simulator offers 1,000 MO/s to npm start's app (issue 9)",
  runsLast: true,
  async run(ctx) {
    const seconds = ctx.quick ? 10 : 30;
    // BENCH_ROUNDS: rounds per mode (3 by default, 1 with --quick); each figure is the median of its rounds.
    const rounds = Number(process.env.BENCH_ROUNDS ?? (ctx.quick ? 1 : 3));
    const rows: BenchRow[] = [];
    const modes: { how: string; env: Record<string, string>; goal: boolean }[] = [
      { how: "web and connector in separate processes", env: {}, goal: true },
      { how: "old single process, CONNECTOR=in-process", env: { CONNECTOR: "in-process" }, goal: false },
    ];
    let built = false;
    for (const m of modes) {
      const rs: Round[] = [];
      for (let i = 0; i < rounds; i++) {
        rs.push(await run(ctx, m.how, m.env, seconds, !built && process.env.BENCH_NO_BUILD !== "1"));
        built = true;
      }
      const of = `median of ${rounds} round${rounds === 1 ? "" : "s"} of ${seconds} s`;
      const shares = rs.map((r) => (100 * r.stored) / r.mo.offered);
      const losts = rs.map((r) => Math.max(0, r.mo.acked - r.stored));
      const h99s = rs.map((r) => percentile(r.health.times, 99));
      const r95s = rs.map((r) => percentile(r.readers.times, 95));
      const share = median(shares);
      const lost = Math.max(...losts);
      const h99 = median(h99s);
      const mid = rs[h99s.indexOf(h99)] ?? rs[0];
      const last = rs[rs.length - 1];
      rows.push(
        {
          metric: `MO stored / offered (${m.how})`,
          value: round(share),
          unit: "%",
          ...(m.goal ? { goal: "≥ 95 %", ok: Math.min(...shares) >= 95 } : {}),
          note: `${of} (${fmt(shares)} %); last round ${last.stored.toLocaleString("en")} stored of ${last.mo.offered.toLocaleString("en")} offered (${MO_PER_SECOND} MO/s), acked ${last.mo.acked.toLocaleString("en")}, refused or unanswered ${last.mo.refused}`,
        },
        {
          metric: `MO acknowledged and lost (${m.how})`,
          value: lost,
          unit: "MO",
          ...(m.goal ? { goal: "0", ok: lost === 0 } : {}),
          note: `the most of ${rounds} round${rounds === 1 ? "" : "s"} (${losts.join(", ")})`,
        },
        {
          metric: `/api/health latency under the load (${m.how})`,
          value: round(h99),
          unit: "ms p99",
          ...(m.goal ? { goal: "< 500 ms", ok: h99 < 500 } : {}),
          note: `${of} (${fmt(h99s)} ms); that round: p50 ${round(percentile(mid.health.times, 50))} ms, max ${round(mid.health.times.at(-1) ?? NaN)} ms, ${mid.health.times.length} requests, ${mid.health.errors} errors`,
        },
        {
          metric: `GET /api/v1/insms latency, ${READERS} concurrent readers (${m.how})`,
          value: round(median(r95s)),
          unit: "ms p95",
          note: `${of} (${fmt(r95s)} ms); requests answered ${rs.map((r) => `${Math.round(r.readers.times.length / seconds)}/s`).join(", ")}; p50 ${fmt(rs.map((r) => percentile(r.readers.times, 50)))} ms; errors (503 busy included) ${rs.map((r) => r.readers.errors).join(", ")}`,
        },
      );
    }
    return rows;
  },
};
