import "server-only";
import { db } from "../db";
import { COUNTER } from "../metrics/counters";
import { SUBMIT_RESP_BUCKETS, SUBMIT_RESP_LABELS } from "../metrics/submit-latency";
import { bindWarnings, type BindWarning, type LatencyBucket } from "./warnings";

/** One row of an account's bind history as the account page shows it. */
export type BindHistoryRow = {
  id: number;
  at: Date;
  role: string;
  connectionIndex: number;
  kind: string;
  cause: string | null;
  durationMs: number | null;
  nodeId: string;
};

export const BIND_HISTORY_PAGE_SIZE = 20;

/** Page `page` (1-based) of the account's bind events, newest first, and how many pages there are. */
export async function readBindHistory(
  accountId: string,
  page: number,
  pageSize = BIND_HISTORY_PAGE_SIZE,
): Promise<{ rows: BindHistoryRow[]; page: number; pages: number; total: number }> {
  const total = await db.bindEvent.count({ where: { accountId } });
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const current = Math.min(Math.max(1, Math.floor(page) || 1), pages);
  const rows = await db.bindEvent.findMany({
    where: { accountId },
    orderBy: [{ at: "desc" }, { id: "desc" }],
    skip: (current - 1) * pageSize,
    take: pageSize,
    select: { id: true, at: true, role: true, connectionIndex: true, kind: true, cause: true, durationMs: true, nodeId: true },
  });
  return { rows, page: current, pages, total };
}

/** Events read for the rules: a day of them is plenty (a flapping bind makes ~1,500 a day per connection). */
const RULE_EVENTS = 5000;

/** The warnings of lib/bind-state/warnings.ts that hold for the account now, from the database. */
export async function readBindWarnings(
  account: { id: string; throughput: { mtTimeout: number } },
  now = new Date(),
): Promise<BindWarning[]> {
  const since = new Date(now.getTime() - 24 * 3600_000);
  const [events, receipts, latency] = await Promise.all([
    db.bindEvent.findMany({
      where: { accountId: account.id, at: { gte: since } },
      orderBy: { at: "desc" },
      take: RULE_EVENTS,
      select: { kind: true, role: true, connectionIndex: true, at: true, durationMs: true, cause: true },
    }),
    db.statusReport.groupBy({
      by: ["matched"],
      where: { accountId: account.id, createdAt: { gte: since } },
      _count: { _all: true },
    }),
    db.metricCounter.findMany({
      where: { name: COUNTER.submitResp, accountId: account.id },
      select: { label: true, count: true },
    }),
  ]);
  const count = (matched: boolean) => receipts.find((r) => r.matched === matched)?._count._all ?? 0;
  const buckets: LatencyBucket[] = SUBMIT_RESP_LABELS.map((label, i) => ({
    le: i < SUBMIT_RESP_BUCKETS.length ? SUBMIT_RESP_BUCKETS[i] : Infinity,
    count: latency.find((l) => l.label === label)?.count ?? 0,
  }));
  return bindWarnings({
    now,
    events,
    receipts: { matched: count(true), unmatched: count(false) },
    latency: buckets,
    mtTimeoutSeconds: account.throughput.mtTimeout,
  });
}
