/**
 * MO stored per second (issue 4 goal: ≥ 10,000/s on SQLite): the simulator (its own process) pushes deliver_sm MO
 * with 100 awaiting their deliver_sm_resp at a time to the connector (its own process), which acknowledges each only
 * after the transaction holding its InboundSms row has committed. A round's figure is MO acknowledged per second,
 * from its first deliver_sm to its last deliver_sm_resp; the median of 3 rounds is reported, and the table is then
 * counted (it must hold every MO pushed).
 */
import { cpuNote, median, startInboundBench, type Counts, type PushResult } from "./support/inbound-bench";
import type { BenchRow, BenchSection } from "./types";

export const section: BenchSection = {
  name: "mo",
  title: "MO stored per second (issue 4)",
  async run(ctx) {
    const perRound = ctx.quick ? 3_000 : 40_000;
    const rounds = 3;
    const warmup = ctx.quick ? 1_000 : 5_000;
    const bench = await startInboundBench("simulator");
    try {
      await bench.smsc.request<PushResult>({ cmd: "push-mo", count: warmup, window: 100 });
      const rates: number[] = [];
      let acked = 0;
      let smscCpu = 0;
      let connectorCpu = 0;
      for (let round = 0; round < rounds; round++) {
        ctx.log(`mo: round ${round + 1}/${rounds}, ${perRound} MO, window 100`);
        const cpu0 = await bench.connector.request<{ cpuMs: number }>({ cmd: "cpu" });
        const r = await bench.smsc.request<PushResult>({ cmd: "push-mo", count: perRound, window: 100 });
        const cpu1 = await bench.connector.request<{ cpuMs: number }>({ cmd: "cpu" });
        rates.push(Math.round(perRound / (r.ms / 1000)));
        acked += r.acked;
        smscCpu += r.cpuMs;
        connectorCpu += cpu1.cpuMs - cpu0.cpuMs;
      }
      const total = perRound * rounds;
      const counts = await bench.connector.request<Counts>({ cmd: "counts" });
      if (acked !== total || counts.inbound !== total + warmup) {
        throw new Error(`MO bench: ${acked} acknowledged, ${counts.inbound} rows for ${total + warmup} pushed`);
      }
      const rate = median(rates);
      const rows: BenchRow[] = [
        {
          metric: "MO stored and acknowledged after commit, simulator window 100",
          value: rate,
          unit: "MO/s",
          goal: "≥ 10,000/s",
          ok: rate >= 10_000,
          note: `median of ${rounds} rounds of ${perRound.toLocaleString("en")} (${rates.map((x) => x.toLocaleString("en")).join(", ")}); rows counted: ${counts.inbound.toLocaleString("en")} = all pushed incl. ${warmup.toLocaleString("en")} warm-up; ${cpuNote(total, smscCpu, connectorCpu)}`,
        },
      ];
      return rows;
    } finally {
      await bench.stop();
    }
  },
};
