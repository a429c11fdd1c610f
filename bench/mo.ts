/**
 * MO stored per second (issue 4 goal: ≥ 10,000/s on SQLite): the simulator (its own process) pushes deliver_sm MO
 * with 100 awaiting their deliver_sm_resp at a time to the connector (its own process), which acknowledges each only
 * after the transaction holding its InboundSms row has committed. The figure is MO acknowledged per second, from
 * the first deliver_sm to the last deliver_sm_resp; the table is then counted (it must hold every MO).
 */
import { cpuNote, startInboundBench, type Counts, type PushResult } from "./support/inbound-bench";
import type { BenchRow, BenchSection } from "./types";

export const section: BenchSection = {
  name: "mo",
  title: "MO stored per second (issue 4)",
  async run(ctx) {
    const count = ctx.quick ? 5_000 : 100_000;
    const warmup = ctx.quick ? 1_000 : 5_000;
    const bench = await startInboundBench("simulator");
    try {
      await bench.smsc.request<PushResult>({ cmd: "push-mo", count: warmup, window: 100 });
      ctx.log(`mo: pushing ${count} MO, window 100`);
      const cpu0 = await bench.connector.request<{ cpuMs: number }>({ cmd: "cpu" });
      const r = await bench.smsc.request<PushResult>({ cmd: "push-mo", count, window: 100 });
      const cpu1 = await bench.connector.request<{ cpuMs: number }>({ cmd: "cpu" });
      const counts = await bench.connector.request<Counts>({ cmd: "counts" });
      if (r.acked !== count || counts.inbound !== count + warmup) {
        throw new Error(`MO bench: ${r.acked} acknowledged, ${r.refused} refused, ${counts.inbound} rows for ${count + warmup} pushed`);
      }
      const rate = Math.round(count / (r.ms / 1000));
      const rows: BenchRow[] = [
        {
          metric: "MO stored and acknowledged after commit, simulator window 100",
          value: rate,
          unit: "MO/s",
          goal: "≥ 10,000/s",
          ok: rate >= 10_000,
          note: `${count.toLocaleString("en")} MO in ${(r.ms / 1000).toFixed(2)} s; rows counted: ${counts.inbound.toLocaleString("en")} (incl. ${warmup.toLocaleString("en")} warm-up); ${cpuNote(count, r.cpuMs, cpu1.cpuMs - cpu0.cpuMs)}`,
        },
      ];
      return rows;
    } finally {
      await bench.stop();
    }
  },
};
