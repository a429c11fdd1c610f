/**
 * SR processed per second with real-time KPIs on (issue 4 goal: ≥ 10,000/s): an SMSC (node-smpp's server, its own
 * process) pushes delivery receipts for MessageParts the connector's database already holds, with 100 awaiting their
 * deliver_sm_resp at a time. The connector (its own process) stores each StatusReport, matches it to its part, moves
 * the part and recipient to delivered and the delivery's Delivered counter, and only then acknowledges it. Counted
 * afterwards: every SR stored and matched, every part delivered, Delivered = the number of SRs.
 */
import { cpuNote, startInboundBench, type Counts, type PushResult } from "./support/inbound-bench";
import type { BenchRow, BenchSection } from "./types";

export const section: BenchSection = {
  name: "sr",
  title: "Status reports processed per second, real-time KPIs on (issue 4)",
  async run(ctx) {
    const count = ctx.quick ? 5_000 : 100_000;
    const warmup = ctx.quick ? 1_000 : 5_000;
    const bench = await startInboundBench("bare");
    try {
      await bench.connector.request({ cmd: "seed-parts", prefix: "SR", count: count + warmup });
      await bench.smsc.request<PushResult>({ cmd: "push-sr", prefix: "SR", from: 0, count: warmup, window: 100 });
      ctx.log(`sr: pushing ${count} receipts, window 100`);
      const cpu0 = await bench.connector.request<{ cpuMs: number }>({ cmd: "cpu" });
      const r = await bench.smsc.request<PushResult>({ cmd: "push-sr", prefix: "SR", from: warmup, count, window: 100 });
      const cpu1 = await bench.connector.request<{ cpuMs: number }>({ cmd: "cpu" });
      const c = await bench.connector.request<Counts>({ cmd: "counts" });
      const total = count + warmup;
      if (r.acked !== count || c.reports !== total || c.matched !== total || c.partsDelivered !== total || c.delivered !== total) {
        throw new Error(`SR bench: ${r.acked} acknowledged, ${r.refused} refused; counts ${JSON.stringify(c)} for ${total}`);
      }
      const rate = Math.round(count / (r.ms / 1000));
      const rows: BenchRow[] = [
        {
          metric: "SR stored, matched and counted in real-time KPIs, window 100",
          value: rate,
          unit: "SR/s",
          goal: "≥ 10,000/s",
          ok: rate >= 10_000,
          note: `${count.toLocaleString("en")} SR in ${(r.ms / 1000).toFixed(2)} s; counted: ${c.matched.toLocaleString("en")} matched, Delivered = ${c.delivered.toLocaleString("en")} (incl. ${warmup.toLocaleString("en")} warm-up); ${cpuNote(count, r.cpuMs, cpu1.cpuMs - cpu0.cpuMs)}`,
        },
      ];
      return rows;
    } finally {
      await bench.stop();
    }
  },
};
