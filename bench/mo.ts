/**
 * MO stored per second (issue 4 goal: ≥ 10,000/s on SQLite): the simulator (its own process) pushes deliver_sm MO
 * with 100 awaiting their deliver_sm_resp at a time to the connector (its own process), which acknowledges each only
 * after the transaction holding its InboundSms row has committed. A round's figure is MO acknowledged per second,
 * from its first deliver_sm to its last deliver_sm_resp; the median of 3 rounds is reported, and the table is then
 * counted (it must hold every MO pushed).
 */
import {
  cpuNote,
  median,
  pushRounds,
  roundSizes,
  startInboundBench,
  type Counts,
  type PushResult,
} from "./support/inbound-bench";
import type { BenchRow, BenchSection } from "./types";

export const section: BenchSection = {
  name: "mo",
  title: "MO stored per second (issue 4)",
  async run(ctx) {
    const { perRound, rounds, warmup } = roundSizes(ctx.quick);
    const bench = await startInboundBench("simulator");
    try {
      await bench.smsc.request<PushResult>({ cmd: "push-mo", count: warmup, window: 100 });
      const { rates, acked, smscCpu, connectorCpu } = await pushRounds(
        bench,
        { perRound, rounds },
        (m) => ctx.log(`mo: ${m}`),
        () => ({ cmd: "push-mo" }),
      );
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
