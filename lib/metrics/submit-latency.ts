import "server-only";
import { getWriter } from "@/lib/storage/writer";
import { bumpCounter, bumpCountersPg, COUNTER, type CounterBump } from "./counters";

/**
 * The sms_submit_resp_seconds histogram: how long each submit_sm waited for its submit_sm_resp. Observed in the
 * connector's memory (a few additions per MT) and added to the database's counters every second, so /metrics,
 * served by the web process, reads it there and it survives restarts. An observation not yet flushed when the
 * process is killed is lost: at most a second of latency samples, never a count of MT (those come from MessagePart).
 */
export const SUBMIT_RESP_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30] as const;
const LABELS = [...SUBMIT_RESP_BUCKETS.map(String), "+Inf"];

type Pending = { counts: number[]; sum: number };
const pending = new Map<string, Pending>();
let timer: NodeJS.Timeout | null = null;

/** One submit_sm_resp (or timeout) after `seconds`. */
export function observeSubmitResp(accountId: string, seconds: number): void {
  let p = pending.get(accountId);
  if (!p) {
    p = { counts: new Array(LABELS.length).fill(0), sum: 0 };
    pending.set(accountId, p);
  }
  let i = SUBMIT_RESP_BUCKETS.findIndex((le) => seconds <= le);
  if (i < 0) i = SUBMIT_RESP_BUCKETS.length;
  p.counts[i]++;
  p.sum += seconds;
  if (!timer) {
    timer = setTimeout(() => void flushSubmitLatency().catch(() => undefined), 1000);
    timer.unref();
  }
}

/** Adds the observations so far to the database (non-cumulative counts per bucket; "+Inf" also holds the sum). */
export async function flushSubmitLatency(): Promise<void> {
  if (timer) clearTimeout(timer);
  timer = null;
  if (pending.size === 0) return;
  const batch = [...pending];
  pending.clear();
  const bumps: CounterBump[] = [];
  for (const [accountId, p] of batch)
    p.counts.forEach((n, i) => {
      const last = i === LABELS.length - 1;
      if (n > 0 || last) bumps.push({ name: COUNTER.submitResp, accountId, label: LABELS[i], n, sum: last ? p.sum : 0 });
    });
  const writer = getWriter();
  if (writer.kind === "pg") return writer.write((c) => bumpCountersPg(c, bumps));
  await writer.write(() => {
    for (const b of bumps) bumpCounter(writer.prepare, b.name, b.accountId, b.label, b.n, b.sum);
  });
}

export const SUBMIT_RESP_LABELS = LABELS;
