/**
 * SR processed per second with real-time KPIs on (issue 4 goal: ≥ 10,000/s): an SMSC (node-smpp's server, its own
 * process) pushes delivery receipts for MessageParts the connector's database already holds, with 100 awaiting their
 * deliver_sm_resp at a time. The connector (its own process) stores each StatusReport, matches it to its part, moves
 * the part and recipient to delivered and the delivery's Delivered counter, and only then acknowledges it. Median of
 * 3 rounds; counted afterwards: every SR stored and matched, every part delivered, Delivered = the number of SRs.
 */
import { cpuNote, median, startInboundBench, type Counts, type PushResult } from "./support/inbound-bench";
import type { BenchRow, BenchSection } from "./types";

export const section: BenchSection = {
  name: "sr",
  title: "Status reports processed per second, real-time KPIs on (issue 4)",
  async run(ctx) {
    const perRound = ctx.quick ? 3_000 : 40_000;
    const rounds = 3;
    const warmup = ctx.quick ? 1_000 : 5_000;
    const total = warmup + perRound * rounds;
    const bench = await startInboundBench("bare");
    try {
      await bench.connector.request({ cmd: "seed-parts", prefix: "SR", count: total });
      await bench.smsc.request<PushResult>({ cmd: "push-sr", prefix: "SR", from: 0, count: warmup, window: 100 });
      const rates: number[] = [];
      let acked = 0;
      let smscCpu = 0;
      let connectorCpu = 0;
      for (let round = 0; round < rounds; round++) {
        ctx.log(`sr: round ${round + 1}/${rounds}, ${perRound} receipts, window 100`);
        const cpu0 = await bench.connector.request<{ cpuMs: number }>({ cmd: "cpu" });
        const r = await bench.smsc.request<PushResult>({ cmd: "push-sr", prefix: "SR", from: warmup + round * perRound, count: perRound, window: 100 });
        const cpu1 = await bench.connector.request<{ cpuMs: number }>({ cmd: "cpu" });
        rates.push(Math.round(perRound / (r.ms / 1000)));
        acked += r.acked;
        smscCpu += r.cpuMs;
        connectorCpu += cpu1.cpuMs - cpu0.cpuMs;
      }
      const c = await bench.connector.request<Counts>({ cmd: "counts" });
      if (acked !== perRound * rounds || c.reports !== total || c.matched !== total || c.partsDelivered !== total || c.delivered !== total) {
        throw new Error(`SR bench: ${acked} acknowledged; counts ${JSON.stringify(c)} for ${total}`);
      }
      const rate = median(rates);
      const rows: BenchRow[] = [
        {
          metric: "SR stored, matched and counted in real-time KPIs, window 100",
          value: rate,
          unit: "SR/s",
          goal: "≥ 10,000/s",
          ok: rate >= 10_000,
          note: `median of ${rounds} rounds of ${perRound.toLocaleString("en")} (${rates.map((x) => x.toLocaleString("en")).join(", ")}); counted: ${c.matched.toLocaleString("en")} matched, Delivered = ${c.delivered.toLocaleString("en")} (all, incl. ${warmup.toLocaleString("en")} warm-up); ${cpuNote(perRound * rounds, smscCpu, connectorCpu)}`,
        },
      ];
      return rows;
    } finally {
      await bench.stop();
    }
  },
};
