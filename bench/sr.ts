/**
 * SR processed per second with real-time KPIs on (issue 4 goal: ≥ 10,000/s): an SMSC (node-smpp's server, its own
 * process) pushes delivery receipts for MessageParts the connector's database already holds, with 100 awaiting their
 * deliver_sm_resp at a time. The connector (its own process) stores each StatusReport, matches it to its part, moves
 * the part and recipient to delivered and the delivery's Delivered counter, and only then acknowledges it. Median of
 * 3 rounds; counted afterwards: every SR stored and matched, every part delivered, Delivered = the number of SRs.
 */
import { inboundRateRow, pushRounds, roundSizes, startInboundBench, type Counts, type PushResult } from "./support/inbound-bench";
import type { BenchSection } from "./types";

export const section: BenchSection = {
  name: "sr",
  title: "Status reports processed per second, real-time KPIs on (issue 4)",
  async run(ctx) {
    const { perRound, rounds, warmup } = roundSizes(ctx.quick);
    const total = warmup + perRound * rounds;
    const bench = await startInboundBench("bare");
    try {
      await bench.connector.request({ cmd: "seed-parts", prefix: "SR", count: total });
      await bench.smsc.request<PushResult>({ cmd: "push-sr", prefix: "SR", from: 0, count: warmup, window: 100 });
      const measured = await pushRounds(
        bench,
        { perRound, rounds },
        (m) => ctx.log(`sr: ${m}`),
        (round) => ({
          cmd: "push-sr",
          prefix: "SR",
          from: warmup + round * perRound,
        }),
      );
      const c = await bench.connector.request<Counts>({ cmd: "counts" });
      if (
        measured.acked !== perRound * rounds ||
        c.reports !== total ||
        c.matched !== total ||
        c.partsDelivered !== total ||
        c.delivered !== total
      ) {
        throw new Error(`SR bench: ${measured.acked} acknowledged; counts ${JSON.stringify(c)} for ${total}`);
      }
      return [
        inboundRateRow(
          {
            metric: "SR stored, matched and counted in real-time KPIs, window 100",
            unit: "SR/s",
            counted: `counted: ${c.matched.toLocaleString("en")} matched, Delivered = ${c.delivered.toLocaleString("en")} (all, incl. ${warmup.toLocaleString("en")} warm-up)`,
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
