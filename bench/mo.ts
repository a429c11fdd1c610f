/**
 * MO stored per second (issue 4 goal: ≥ 10,000/s on SQLite): the simulator (its own process) pushes deliver_sm MO
 * with 100 awaiting their deliver_sm_resp at a time to the connector (its own process), which acknowledges each only
 * after the transaction holding its InboundSms row has committed. A round's figure is MO acknowledged per second,
 * from its first deliver_sm to its last deliver_sm_resp; the median of 3 rounds is reported, and the table is then
 * counted (it must hold every MO pushed).
 */
import { inboundRateRow, pushRounds, roundSizes, startInboundBench, type Counts, type PushResult } from "./support/inbound-bench";
import type { BenchSection } from "./types";

export const section: BenchSection = {
  name: "mo",
  title: "MO stored per second (issue 4)",
  async run(ctx) {
    const { perRound, rounds, warmup } = roundSizes(ctx.quick);
    const bench = await startInboundBench("simulator");
    try {
      await bench.smsc.request<PushResult>({ cmd: "push-mo", count: warmup, window: 100 });
      const measured = await pushRounds(
        bench,
        { perRound, rounds },
        (m) => ctx.log(`mo: ${m}`),
        () => ({ cmd: "push-mo" }),
      );
      const total = perRound * rounds;
      const counts = await bench.connector.request<Counts>({ cmd: "counts" });
      if (measured.acked !== total || counts.inbound !== total + warmup) {
        throw new Error(`MO bench: ${measured.acked} acknowledged, ${counts.inbound} rows for ${total + warmup} pushed`);
      }
      return [
        inboundRateRow(
          {
            metric: "MO stored and acknowledged after commit, simulator window 100",
            unit: "MO/s",
            counted: `rows counted: ${counts.inbound.toLocaleString("en")} = all pushed incl. ${warmup.toLocaleString("en")} warm-up`,
          },
          { perRound, rounds },
          measured,
        ),
      ];
    } finally {
      await bench.stop();
    }
  },
};
