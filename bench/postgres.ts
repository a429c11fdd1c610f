/**
 * PostgreSQL beside SQLite (issue 10), in one run on one machine: the MO, SR and bulk-delivery benches each run on a
 * SQLite file and on a PostgreSQL database of their own (BENCH_BACKEND, read by the bench children), back to back so
 * that the host's noisy spells hit both alike. Goals on PostgreSQL: MT ≥ 12,000/s persisted (window 100, no MT/s
 * limit), MO and SR ≥ 10,000/s, app CPU per MT within 1.5× of SQLite's. The cluster failover time (kill -9 of the
 * node holding a bind to that slot bound by another node) is measured with three connector processes.
 */
import { section as deliveries } from "./deliveries";
import { failoverRuns } from "./support/failover";
import { section as mo } from "./mo";
import { section as sr } from "./sr";
import type { BenchContext, BenchRow, BenchSection } from "./types";
import { median } from "./support/median";

const GOALS: Record<string, { goal: string; ok: (v: number) => boolean }> = {
  "MO/s": { goal: "≥ 10,000/s on PostgreSQL", ok: (v) => v >= 10_000 },
  "SR/s": { goal: "≥ 10,000/s on PostgreSQL", ok: (v) => v >= 10_000 },
  "MT/s": { goal: "≥ 12,000/s on PostgreSQL", ok: (v) => v >= 12_000 },
};

async function onBackend(backend: "sqlite" | "postgres", run: () => Promise<BenchRow[]>): Promise<BenchRow[]> {
  process.env.BENCH_BACKEND = backend;
  try {
    return await run();
  } finally {
    delete process.env.BENCH_BACKEND;
  }
}

/** The app CPU per MT (µs) a deliveries row's note gives, as "app CPU per MT a / b / c µs". */
function cpuPerMt(row: BenchRow | undefined): number | null {
  const m = row?.note?.match(/app CPU per MT ([\d.]+) \/ ([\d.]+) \/ ([\d.]+) µs/);
  if (!m) return null;
  return median([Number(m[1]), Number(m[2]), Number(m[3])]);
}

export const section: BenchSection = {
  name: "postgres",
  title: "PostgreSQL beside SQLite: MT, MO, SR, CPU per MT, cluster failover (issue 10)",
  runsLast: true,
  async run(ctx: BenchContext) {
    const rows: BenchRow[] = [];
    const sustained: Record<string, BenchRow | undefined> = {};
    for (const [name, s] of [
      ["mo", mo],
      ["sr", sr],
      ["deliveries", deliveries],
    ] as const) {
      for (const backend of ["sqlite", "postgres"] as const) {
        ctx.log(`postgres: ${name} on ${backend}`);
        let got = await onBackend(backend, () => s.run({ ...ctx, log: (m) => ctx.log(`[${backend}] ${m}`) }));
        // Of the deliveries section only the sustained rate (the rate-accuracy rows do not depend on the database).
        if (name === "deliveries") got = got.filter((r) => r.metric.startsWith("Sustained"));
        for (const r of got) {
          const g = GOALS[r.unit];
          const row: BenchRow = {
            ...r,
            metric: `${backend === "postgres" ? "PostgreSQL" : "SQLite"}: ${r.metric}`,
            goal: backend === "postgres" && g ? g.goal : r.goal,
            ok: backend === "postgres" && g ? g.ok(r.value) : r.ok,
          };
          if (name === "deliveries") sustained[backend] = row;
          rows.push(row);
        }
      }
    }
    const lite = cpuPerMt(sustained.sqlite);
    const pg = cpuPerMt(sustained.postgres);
    if (lite !== null && pg !== null)
      rows.push({
        metric: "App CPU per MT, PostgreSQL ÷ SQLite (median deliveries above)",
        value: Math.round((pg / lite) * 100) / 100,
        unit: "×",
        goal: "≤ 1.5×",
        ok: pg / lite <= 1.5,
        note: `${pg} µs vs ${lite} µs of the app process per MT (claim → submit_sm_resp → commit)`,
      });
    ctx.log("postgres: cluster failover (3 connector processes, kill -9)");
    const f = await failoverRuns(ctx.quick ? 1 : 3, ctx.log);
    rows.push({
      metric: "Cluster failover: kill -9 of the node holding a bind → that slot bound by another node (reconnect delay 1 s)",
      value: f.medianMs,
      unit: "ms",
      goal: "≤ 10,000 ms",
      ok: f.medianMs <= 10_000,
      note: `median of ${f.runs.length} (${f.runs.join(", ")} ms); 3 connector processes, 1 account of 2 connections; lease rounds every 1 s`,
    });
    return rows;
  },
};
