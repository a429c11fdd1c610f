import "server-only";
import { db } from "@/lib/db";
import { getAccount } from "@/lib/accounts/repository";
import { countMessage } from "@/lib/smpp/codec/encoding";
import { countOptionsFor } from "@/lib/accounts/message-counter";
import { announceDelivery } from "./events";
import { computeDeliveryKpis } from "./status-reports";
import { currentRate, etaSeconds, parseRateSamples } from "./rate-samples";
import { countersOf, defaultDeliveryName, type DeliveryCounters, type DeliveryProgress, type DeliveryStatus } from "./schema";
import { storedTlvs } from "./send-options";
import { deliveryErrorBreakdown } from "./error-breakdown";

export {
  checkNewDelivery,
  createDelivery,
  failInterruptedImports,
  importFinished,
  textProblem,
  IMPORT_HEARTBEAT_MS,
  IMPORT_OWNER,
  IMPORT_STALE_MS,
  type CheckedDelivery,
  type CreateResult,
  type DeliveryError,
  type RecipientSource,
} from "./creation";
import type { DeliveryError } from "./creation";

/** Deliveries read, listed, started when scheduled and cancelled; their creation and import are in creation.ts. */
/** Scheduled deliveries whose start is due now run (the dispatcher calls it at each poll); how many started. */
export async function startDueDeliveries(now: Date = new Date()): Promise<number> {
  const { count } = await db.delivery.updateMany({
    where: { status: "scheduled", scheduledAt: { lte: now } },
    data: { status: "running", startedAt: now },
  });
  return count;
}

export async function getDeliveryProgress(id: string): Promise<DeliveryProgress | null> {
  const d = await db.delivery.findUnique({ where: { id }, include: { account: { select: { label: true } } } });
  if (!d) return null;
  const account = await getAccount(d.accountId);
  const parts = account ? Math.max(1, countMessage(d.text, countOptionsFor(account)).parts) : 1;
  const points = parseRateSamples(d.rateSamples);
  const nowSecond = Math.floor(Date.now() / 1000);
  const status = d.status as DeliveryStatus;
  const startedSecond = d.startedAt ? Math.floor(d.startedAt.getTime() / 1000) : undefined;
  let rate: number;
  if (status === "running") rate = currentRate(points, nowSecond, 5, startedSecond);
  else {
    const first = points[0]?.[0];
    const last = points.length ? points[points.length - 1][0] + points[points.length - 1][1] : undefined;
    const sentParts = points.reduce((n, p) => n + p[2], 0);
    rate = first !== undefined && last !== undefined && last > first ? sentParts / (last - first) : 0;
  }
  const remaining = Math.max(0, d.total - d.processed);
  return {
    id: d.id,
    accountId: d.accountId,
    accountLabel: d.account.label,
    name: d.name || defaultDeliveryName(d.createdAt),
    text: d.text,
    sender: d.sender,
    status,
    scheduledAt: d.scheduledAt?.toISOString() ?? null,
    ...countersOf(d),
    startedAt: d.startedAt?.toISOString() ?? null,
    finishedAt: d.finishedAt?.toISOString() ?? null,
    mtPerSecond: Math.round(rate * 10) / 10,
    createdAt: d.createdAt.toISOString(),
    createdBy: d.createdBy,
    pending: remaining,
    possiblyDuplicated: d.possiblyDuplicated,
    invalid: d.invalid,
    duplicates: d.duplicates,
    quarantined: d.quarantined,
    failed: d.failed,
    etaSeconds:
      status === "running" ? etaSeconds(remaining * parts, rate) : status === "pending" || status === "scheduled" ? null : 0,
    error: d.error,
    rate: points.map(([s, w, c]) => [s, Math.round((c / w) * 10) / 10, w] as [number, number, number]),
    errors: await deliveryErrorBreakdown(d.id, d.retried),
    options: {
      serviceId: d.serviceId,
      transmissionMode: d.transmissionMode,
      validUntil: d.validUntil?.toISOString() ?? null,
      maxParts: d.maxParts,
      optionalTlvs: storedTlvs(d.optionalTlvs),
      retryCount: d.retryCount,
      retryPeriodSeconds: d.retryPeriod,
    },
  };
}

/** Stops a pending, scheduled or running delivery; submit_sm already on the wire still get their answer. */
export async function cancelDelivery(id: string): Promise<{ ok: true } | DeliveryError> {
  const { count } = await db.delivery.updateMany({
    where: { id, status: { in: ["pending", "scheduled", "running"] } },
    data: { status: "cancelled", finishedAt: new Date() },
  });
  if (count === 0) {
    const d = await db.delivery.findUnique({ where: { id }, select: { status: true } });
    if (!d) return { ok: false, status: 404, code: "not_found", message: "No delivery with this id" };
    return { ok: false, status: 409, code: "not_running", message: `The delivery is already ${d.status}` };
  }
  // Off real-time KPIs Delivered and Bounces + Errors were not kept while it ran: counted now, the SRs still to come
  // add to them (status-reports.ts). Real-time ones are exact already (and a recount beside a real-time SR batch
  // could miss its uncommitted recipients).
  const d = await db.delivery.findUnique({ where: { id }, select: { accountId: true } });
  const account = d ? await getAccount(d.accountId) : null;
  if (!account?.channel.realtimeKpi) await computeDeliveryKpis(id);
  await announceDelivery("cancelled", id);
  return { ok: true };
}

export type DeliveryListItem = DeliveryCounters & {
  id: string;
  accountLabel: string;
  name: string;
  text: string;
  status: string;
  scheduledAt: Date | null;
  createdAt: Date;
  createdBy: string;
};

export async function listDeliveries(limit = 100): Promise<DeliveryListItem[]> {
  const rows = await db.delivery.findMany({
    orderBy: { createdAt: "desc" },
    take: limit,
    include: { account: { select: { label: true } } },
  });
  return rows.map((d) => ({
    id: d.id,
    accountLabel: d.account.label,
    name: d.name || defaultDeliveryName(d.createdAt),
    text: d.text,
    status: d.status,
    scheduledAt: d.scheduledAt,
    ...countersOf(d),
    createdAt: d.createdAt,
    createdBy: d.createdBy,
  }));
}

export type RecipientIssue = {
  id: number;
  number: string;
  line: number | null;
  state: string;
  reason: string | null;
  errorCode: string | null;
  possiblyDuplicated: boolean;
};

/** Failed (submit_sm or SR error) or skipped recipients with their reason, by id, `limit` after `afterId`. */
export async function listRecipientIssues(
  deliveryId: string,
  kind: "failed" | "skipped" | "possiblyDuplicated",
  opts: { afterId?: number; limit?: number } = {},
): Promise<{ items: RecipientIssue[]; nextCursor: number | null }> {
  const limit = Math.min(500, Math.max(1, opts.limit ?? 100));
  const where = kind === "possiblyDuplicated" ? { deliveryId, possiblyDuplicated: true } : { deliveryId, state: kind };
  const rows = await db.recipient.findMany({
    where: { ...where, ...(opts.afterId ? { id: { gt: opts.afterId } } : {}) },
    orderBy: { id: "asc" },
    take: limit + 1,
    select: { id: true, number: true, line: true, state: true, reason: true, errorCode: true, possiblyDuplicated: true },
  });
  const items = rows.slice(0, limit);
  return { items, nextCursor: rows.length > limit ? items[items.length - 1].id : null };
}

export type RunningDelivery = {
  id: string;
  accountId: string;
  text: string;
  total: number;
  processed: number;
  startedAt: Date | null;
};

/** Deliveries being sent now (the home page shows their progress), oldest first. */
export function listRunningDeliveries(limit = 20): Promise<RunningDelivery[]> {
  return db.delivery.findMany({
    where: { status: "running" },
    orderBy: { createdAt: "asc" },
    take: limit,
    select: { id: true, accountId: true, text: true, total: true, processed: true, startedAt: true },
  });
}
