import "server-only";
import { Counter, Gauge, Histogram, Registry } from "prom-client";
import { db } from "@/lib/db";
import { COUNTER } from "./counters";
import { SUBMIT_RESP_LABELS } from "./submit-latency";

/**
 * GET /metrics in Prometheus' text format, read from the database only: the connector runs in its own process and
 * publishes its binds (BindState), every MT part (MessagePart), SR (StatusReport) and the MO and latency counters
 * (MetricCounter) there, so any web process answers and counters survive restarts. prom-client writes the text
 * (names, label escaping, the histogram's _bucket/_sum/_count lines); each scrape builds a fresh registry.
 */
type Value = { labels: Record<string, string>; value: number; metricName?: string };

/** A histogram whose bucket counts come from the database instead of observe(). */
class StoredHistogram extends Histogram<string> {
  constructor(
    private readonly opts: { name: string; help: string; registers: Registry[] },
    private readonly stored: Value[],
  ) {
    super({ ...opts, labelNames: ["account"] });
  }
  override async get() {
    return (await this.getForPromString()) as unknown as Awaited<ReturnType<Histogram<string>["get"]>>;
  }
  /** What the registry prints (prom-client asks for this, not get(), when a metric has it). */
  async getForPromString() {
    return { name: this.opts.name, help: this.opts.help, type: "histogram", aggregator: "sum", values: this.stored };
  }
}

function counter(registry: Registry, name: string, help: string, values: Value[]): void {
  const c = new Counter({ name, help, labelNames: Object.keys(values[0]?.labels ?? {}), registers: [registry] });
  for (const v of values) c.inc(v.labels, v.value);
}

function gauge(registry: Registry, name: string, help: string, values: Value[]): void {
  const g = new Gauge({ name, help, labelNames: Object.keys(values[0]?.labels ?? {}), registers: [registry] });
  for (const v of values) g.set(v.labels, v.value);
}

/** A bind whose node has not written for this long is shown as "unknown" (its process is gone or hung). */
const STALE_BIND_MS = 30_000;

export async function metricsText(): Promise<{ text: string; contentType: string }> {
  const accounts = new Map(
    (await db.routingAccount.findMany({ select: { id: true, internalName: true } })).map((a) => [a.id, a.internalName]),
  );
  const name = (id: string) => accounts.get(id) ?? id;
  const fresh = new Date(Date.now() - STALE_BIND_MS);

  const [binds, accepted, refused, mo, srs, unmatched, latency] = await Promise.all([
    db.bindState.findMany({ select: { accountId: true, role: true, state: true, inFlight: true, heartbeatAt: true } }),
    db.messagePart.groupBy({
      by: ["accountId"],
      where: { state: { not: "wire" }, OR: [{ messageId: { not: null } }, { state: { not: "failed" } }] },
      _count: { _all: true },
    }),
    db.messagePart.groupBy({ by: ["accountId", "status"], where: { state: "failed", messageId: null }, _count: { _all: true } }),
    db.metricCounter.findMany({ where: { name: COUNTER.moReceived } }),
    db.statusReport.groupBy({ by: ["accountId", "verdict"], _count: { _all: true } }),
    db.statusReport.groupBy({ by: ["accountId"], where: { matched: false }, _count: { _all: true } }),
    db.metricCounter.findMany({ where: { name: COUNTER.submitResp } }),
  ]);

  const bindCounts = new Map<string, Value>();
  const inFlight = new Map<string, number>();
  for (const b of binds) {
    const state = b.heartbeatAt >= fresh ? b.state : "unknown";
    const labels = { account: name(b.accountId), role: b.role, state };
    const key = JSON.stringify(labels);
    const v = bindCounts.get(key) ?? { labels, value: 0 };
    v.value++;
    bindCounts.set(key, v);
    if (state !== "unknown") inFlight.set(b.accountId, (inFlight.get(b.accountId) ?? 0) + b.inFlight);
  }

  const registry = new Registry();
  const acc = (id: string) => ({ account: name(id) });
  gauge(registry, "sms_binds", "SMPP binds by account, role and state", [...bindCounts.values()]);
  counter(registry, "sms_mt_submitted_total", "MT parts answered by the SMSC, by command_status", [
    ...accepted.map((r) => ({ labels: { ...acc(r.accountId), status: "ESME_ROK" }, value: r._count._all })),
    ...refused.map((r) => ({
      labels: { ...acc(r.accountId), status: (r.status ?? "unknown").split(" ")[0] },
      value: r._count._all,
    })),
  ]);
  counter(
    registry,
    "sms_mo_received_total",
    "MO received and acknowledged (stored or not)",
    mo.map((r) => ({ labels: acc(r.accountId), value: r.count })),
  );
  counter(
    registry,
    "sms_sr_received_total",
    "Status reports received, by verdict",
    srs.map((r) => ({ labels: { ...acc(r.accountId), verdict: r.verdict }, value: r._count._all })),
  );
  gauge(
    registry,
    "sms_sr_unmatched",
    "Status reports that matched no MT",
    unmatched.map((r) => ({ labels: acc(r.accountId), value: r._count._all })),
  );
  gauge(
    registry,
    "sms_window_in_flight",
    "submit_sm awaiting their submit_sm_resp",
    [...inFlight].map(([id, n]) => ({ labels: acc(id), value: n })),
  );
  new StoredHistogram(
    { name: "sms_submit_resp_seconds", help: "Wait for submit_sm_resp", registers: [registry] },
    histogram(latency, name),
  );
  return { text: await registry.metrics(), contentType: registry.contentType };
}

/** Cumulative _bucket lines, _sum and _count per account from the stored non-cumulative bucket counts. */
function histogram(
  rows: { accountId: string; label: string; count: number; sum: number }[],
  name: (id: string) => string,
): Value[] {
  const per = new Map<string, Map<string, { count: number; sum: number }>>();
  for (const r of rows) {
    const m = per.get(r.accountId) ?? new Map();
    m.set(r.label, { count: r.count, sum: r.sum });
    per.set(r.accountId, m);
  }
  const out: Value[] = [];
  for (const [accountId, buckets] of per) {
    const account = name(accountId);
    let cumulative = 0;
    for (const le of SUBMIT_RESP_LABELS) {
      cumulative += buckets.get(le)?.count ?? 0;
      out.push({ metricName: "sms_submit_resp_seconds_bucket", labels: { account, le }, value: cumulative });
    }
    out.push({ metricName: "sms_submit_resp_seconds_sum", labels: { account }, value: buckets.get("+Inf")?.sum ?? 0 });
    out.push({ metricName: "sms_submit_resp_seconds_count", labels: { account }, value: cumulative });
  }
  return out;
}
