import { formatDuration } from "../format-duration";

/**
 * The rules of thumb of Adobe's SMPP troubleshooting note, as warnings on the account page. Pure: the caller reads
 * the bind history, the receipts and the latency histogram (history.ts) and gives them here with `now`.
 */
export type BindEventInput = {
  kind: string;
  role: string;
  connectionIndex: number;
  at: Date;
  durationMs: number | null;
  cause: string | null;
};

/** submit_sm_resp latency histogram: per bucket (upper bound in seconds, Infinity last) the observations in it. */
export type LatencyBucket = { le: number; count: number };

export type BindWarningInput = {
  now: Date;
  /** The account's bind events of the last 24 h at least, any order. */
  events: BindEventInput[];
  /** Status reports of the last 24 h that found their MT, and those that did not. */
  receipts: { matched: number; unmatched: number };
  latency: LatencyBucket[];
  /** The account's MT expiration (throughput.mtTimeout), seconds. */
  mtTimeoutSeconds: number;
};

export type BindWarningCode = "rebinds" | "shortConnection" | "srMatching" | "slowSubmitResp";
export type BindWarning = { code: BindWarningCode; message: string };

const HOUR = 3600_000;
const DAY = 24 * HOUR;
export const MIN_SR_MATCHING = 0.95;
/** The share of submit_sm whose latency is compared with the MT expiration. */
export const LATENCY_QUANTILE = 0.99;

const slotName = (e: { role: string; connectionIndex: number }) => `${e.role} ${e.connectionIndex + 1}`;

/**
 * More than one re-bind in the last hour on one connection. A re-bind is a bind that came up after the same
 * connection had been up or refused before (the first bind after a start is not one).
 */
function rebinds(input: BindWarningInput): BindWarning | null {
  const bySlot = new Map<string, BindEventInput[]>();
  for (const e of input.events) bySlot.set(slotName(e), [...(bySlot.get(slotName(e)) ?? []), e]);
  let worst: { slot: string; n: number } | null = null;
  for (const [slot, events] of bySlot) {
    events.sort((a, b) => a.at.getTime() - b.at.getTime());
    let n = 0;
    events.forEach((e, i) => {
      if (e.kind === "bound" && i > 0 && input.now.getTime() - e.at.getTime() <= HOUR) n++;
    });
    if (n > 1 && (!worst || n > worst.n)) worst = { slot, n };
  }
  return worst
    ? {
        code: "rebinds",
        message: `${worst.n} re-binds in the last hour on ${worst.slot}: more than one an hour means the connection is not stable (network, SMSC limits or enquire_link settings).`,
      }
    : null;
}

/** A connection the SMSC or the network dropped after less than an hour (last 24 h; our own unbinds do not count). */
function shortConnection(input: BindWarningInput): BindWarning | null {
  const short = input.events
    .filter(
      (e) => e.kind === "dropped" && e.durationMs !== null && e.durationMs < HOUR && input.now.getTime() - e.at.getTime() <= DAY,
    )
    .sort((a, b) => b.at.getTime() - a.at.getTime());
  if (short.length === 0) return null;
  const last = short[0];
  return {
    code: "shortConnection",
    message: `${short.length === 1 ? "A connection" : `${short.length} connections`} lasted less than an hour in the last 24 h (the last, ${slotName(last)}, ${formatDuration(last.durationMs! / 1000)}${last.cause ? `: ${last.cause}` : ""}). A healthy SMPP connection stays up for hours.`,
  };
}

/** Under 95 % of the last 24 h's status reports matched an MT. */
function srMatching(input: BindWarningInput): BindWarning | null {
  const { matched, unmatched } = input.receipts;
  const total = matched + unmatched;
  if (total === 0 || matched / total >= MIN_SR_MATCHING) return null;
  const percent = Math.floor((matched / total) * 1000) / 10;
  return {
    code: "srMatching",
    message: `Only ${percent} % of the status reports of the last 24 h matched an MT (${unmatched} of ${total} did not): check the SR id regex and the MT / SR id formats (see Unmatched receipts).`,
  };
}

/**
 * The latency under which LATENCY_QUANTILE of the observations fall, interpolated within its bucket as Prometheus'
 * histogram_quantile does (the lower bound when it falls in the +Inf bucket); null without observations.
 */
export function latencyQuantile(buckets: LatencyBucket[], q: number): number | null {
  const sorted = [...buckets].sort((a, b) => a.le - b.le);
  const total = sorted.reduce((n, b) => n + b.count, 0);
  if (total === 0) return null;
  const rank = q * total;
  let below = 0;
  let lower = 0;
  for (const b of sorted) {
    if (below + b.count >= rank && b.count > 0) {
      if (!Number.isFinite(b.le)) return lower;
      return lower + ((b.le - lower) * (rank - below)) / b.count;
    }
    below += b.count;
    if (Number.isFinite(b.le)) lower = b.le;
  }
  return lower;
}

/** submit_sm_resp as slow as the MT expiration: those MT are given up and sent again (possibly duplicated). */
function slowSubmitResp(input: BindWarningInput): BindWarning | null {
  const p = latencyQuantile(input.latency, LATENCY_QUANTILE);
  if (p === null || p < input.mtTimeoutSeconds) return null;
  return {
    code: "slowSubmitResp",
    message: `The slowest 1 % of the submit_sm waited about ${Math.round(p * 10) / 10} s for their submit_sm_resp, as long as the MT expiration (${input.mtTimeoutSeconds} s): those MT are sent again and may reach the handset twice. Raise the MT expiration or lower the window / MT/s.`,
  };
}

/** The warnings that hold now, in a fixed order. */
export function bindWarnings(input: BindWarningInput): BindWarning[] {
  return [rebinds(input), shortConnection(input), srMatching(input), slowSubmitResp(input)].filter(
    (w): w is BindWarning => w !== null,
  );
}
