/**
 * Bulk deliveries (issue 5), the app (connector + dispatcher, every recipient's state committed to SQLite) in one
 * process and node-smpp's bare server in another, each on a core:
 * - sustained MT/s with mtPerSecond 0 and window 100 (goal ≥ 20,000/s), counted from the delivery's own counters;
 * - rate accuracy at 50 / 500 / 5,000 MT/s on one connection (goal within 2 %): the mean of the whole seconds between
 *   the first and the last, from the per-second counts of submit_sm_resp the dispatcher records for the chart;
 * The memory goal (< 300 MB while sending 1,000,000) is measured on the real server: bench/app-memory.ts.
 */
import { startDeliveryApp, type DeliveryRunResult } from "./support/delivery-app";
import { startServerProcess } from "./support/server-process";
import type { BenchRow, BenchSection } from "./types";
import { median } from "./support/median";

function steadyRate(r: DeliveryRunResult): { rate: number; seconds: number } {
  const points = JSON.parse(r.rate) as [number, number, number][];
  if (points.length < 3) return { rate: 0, seconds: 0 };
  // Whole seconds only: the first and the last are partial.
  const first = points[0][0] + 1;
  const last = points[points.length - 1][0] - 1;
  let n = 0;
  for (const [s, w, c] of points) if (s >= first && s + w - 1 <= last) n += c;
  const seconds = last - first + 1;
  return { rate: seconds > 0 ? n / seconds : 0, seconds };
}

function check(r: DeliveryRunResult, count: number): void {
  if (r.status !== "finished" || r.sent !== count || r.processed !== count || r.total !== count) {
    throw new Error(`deliveries bench: ${JSON.stringify({ ...r, rate: undefined })} for ${count}`);
  }
}

export const section: BenchSection = {
  name: "deliveries",
  title: "Bulk deliveries: sustained MT/s, rate accuracy (issue 5; memory: app-memory)",
  async run(ctx) {
    const server = await startServerProcess("bare");
    const app = await startDeliveryApp();
    const rows: BenchRow[] = [];
    try {
      // The median of 3 deliveries: this machine has spells ~30 % slower than others (the same run read 26,500 and
      // 17,900 MT/s minutes apart, the import slowing as much), so one delivery says more about the host than the code.
      const sustained = ctx.quick ? 20_000 : 200_000;
      const runs: DeliveryRunResult[] = [];
      for (let i = 0; i < 3; i++) {
        ctx.log(`deliveries: ${sustained} recipients, mtPerSecond 0, window 100 (${i + 1}/3)`);
        const s = await app.run({ port: server.port, mtPerSecond: 0, window: 100, connections: 1, count: sustained, csv: true });
        check(s, sustained);
        runs.push(s);
      }
      const rates = runs.map((s) => Math.round(sustained / (s.sendMs / 1000)));
      const sRate = median(rates);
      const mid = runs[rates.indexOf(sRate)];
      rows.push({
        metric: "Sustained MT/s, mtPerSecond 0, window 100, 1 connection, every state committed",
        value: sRate,
        unit: "MT/s",
        goal: "≥ 20,000/s",
        ok: sRate >= 20_000,
        note: `median of 3 deliveries of ${sustained.toLocaleString("en")} (${rates.map((r) => r.toLocaleString("en")).join(", ")} MT/s; claim → submit_sm_resp → commit); the median one sent in ${(mid.sendMs / 1000).toFixed(1)} s after an import of ${(mid.importMs / 1000).toFixed(1)} s; app CPU per MT ${runs.map((s) => ((s.sendCpuMs * 1000) / sustained).toFixed(1)).join(" / ")} µs`,
      });

      for (const target of [50, 500, 5000]) {
        const seconds = ctx.quick ? 4 : 12;
        const count = target * seconds;
        ctx.log(`deliveries: rate accuracy at ${target} MT/s (${count} recipients)`);
        const r = await app.run({ port: server.port, mtPerSecond: target, window: 100, connections: 1, count, csv: false });
        check(r, count);
        const measured = steadyRate(r);
        const pct = Math.round((measured.rate / target) * 1000) / 10;
        rows.push({
          metric: `Rate accuracy at ${target.toLocaleString("en")} MT/s (mtPerSecond ${target}, 1 connection)`,
          value: pct,
          unit: "% of target",
          goal: "within 2 %",
          ok: Math.abs(pct - 100) <= 2,
          note: `${measured.rate.toFixed(1)} MT/s over ${measured.seconds} whole seconds; from the dispatcher's per-second counts of submit_sm_resp; that no 1-second window of the SMSC's receive times exceeds the limit is tested at 250/s per bind (tests/integration/delivery-respects-mt-per-second-and-window.test.ts)`,
        });
      }

      return rows;
    } finally {
      await app.stop();
      await server.stop();
    }
  },
};
