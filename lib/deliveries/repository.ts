import "server-only";
import os from "node:os";
import fs from "node:fs/promises";
import { db } from "@/lib/db";
import { getAccount, type StoredAccount } from "@/lib/accounts/repository";
import { countMessage, countProblem } from "@/lib/smpp/codec/encoding";
import { countOptionsFor } from "@/lib/accounts/message-counter";
import { fieldErrors } from "@/lib/field-errors";
import { deliveryEvents } from "./events";
import { csvErrorReason, csvPhoneColumn, csvRecipientLines } from "./csv-source";
import { importRecipients, listedRecipients, type RecipientLine } from "./recipient-import";
import { currentRate, etaSeconds, parseRateSamples } from "./rate-samples";
import { defaultDeliveryName, newDeliverySchema, type DeliveryProgress, type DeliveryStatus, type NewDelivery } from "./schema";
import { storedTlvs, withDeliveryMaxParts } from "./send-options";
import { deliveryErrorBreakdown } from "./error-breakdown";
import { personalisation, templateProblem, type MessageTemplate } from "./message-template";
import { fieldColumns } from "./recipient-fields";
import { errorMessage } from "@/lib/errors";
import { singleton } from "@/lib/singleton";

export type DeliveryError = {
  ok: false;
  status: 404 | 409 | 422;
  code: string;
  message: string;
  fields?: Record<string, string>;
};
export type CreateResult = { ok: true; id: string } | DeliveryError;

/** Where the recipients come from: the `recipients` list of the input, or an uploaded CSV file (deleted once read). */
export type RecipientSource = { kind: "list" } | { kind: "csv"; file: string };

const invalid = (fields: Record<string, string>, message = "Some fields are not valid"): DeliveryError => ({
  ok: false,
  status: 422,
  code: "validation_failed",
  message,
  fields,
});

/**
 * Why `text` cannot go through `account`, or null. A personalised text is checked with its placeholders empty (the
 * shortest it can be): each message is counted again as it is rendered, and one that is too long fails alone.
 */
export function textProblem(text: string, account: StoredAccount, maxParts: number | null = null): string | null {
  const options = countOptionsFor(withDeliveryMaxParts(account, maxParts));
  const { shortest } = personalisation(text);
  if (shortest === "") return null;
  return countProblem(countMessage(shortest, options), options);
}

/**
 * The sending options of a new delivery as stored; the validity period ends that long after its scheduled start, or
 * after its creation when it starts at once.
 */
function sendOptionColumns(data: NewDelivery) {
  return {
    serviceId: data.serviceId,
    transmissionMode: data.transmissionMode,
    validUntil:
      data.validityPeriodSeconds === null
        ? null
        : new Date((data.scheduledAt?.getTime() ?? Date.now()) + data.validityPeriodSeconds * 1000),
    maxParts: data.maxParts,
    optionalTlvs: JSON.stringify(data.optionalTlvs),
    retryCount: data.retryCount,
    retryPeriod: data.retryPeriodSeconds,
  };
}

/** Imports running in this process (a restart finds the others interrupted). */
const imports = singleton("imports", () => new Map<string, Promise<void>>());
const g = singleton("import-heartbeat", (): { beat?: NodeJS.Timeout } => ({}));

/** This process as the owner of the imports it runs (Delivery.importOwner). */
export const IMPORT_OWNER = `${os.hostname()}:${process.pid}:${Date.now().toString(36)}`;
/** A running import's heartbeat is written this often… */
export const IMPORT_HEARTBEAT_MS = 2000;
/** …and an import whose heartbeat is older than this is one whose process died: it is failed by whoever sees it. */
export const IMPORT_STALE_MS = 15_000;

/** Keeps Delivery.importHeartbeatAt fresh for every import of this process while there is one. */
function beatWhileImporting(): void {
  if (g.beat) return;
  g.beat = setInterval(() => {
    const ids = [...imports.keys()];
    if (ids.length === 0) {
      clearInterval(g.beat);
      g.beat = undefined;
      return;
    }
    void db.delivery
      .updateMany({ where: { id: { in: ids }, status: "pending" }, data: { importHeartbeatAt: new Date() } })
      .catch((e: unknown) => console.error(`[deliveries] import heartbeat not written: ${errorMessage(e)}`));
  }, IMPORT_HEARTBEAT_MS);
  g.beat.unref();
}

/** A new delivery's input checked as its creation checks it: the fields, the account, the text, the CSV's phone column. */
export type CheckedDelivery = {
  ok: true;
  data: NewDelivery;
  account: StoredAccount;
  phoneColumn: string | null;
  /** The text's placeholders when it names CSV columns (issue 13), else null. */
  template: MessageTemplate | null;
  lines: () => AsyncIterable<RecipientLine> | Iterable<RecipientLine>;
};

/** Checks a new delivery without creating it; on an error an uploaded CSV is deleted (on success the caller does). */
export async function checkNewDelivery(input: unknown, source: RecipientSource): Promise<CheckedDelivery | DeliveryError> {
  const discard = async () => {
    if (source.kind === "csv") await fs.rm(source.file, { force: true });
  };
  const parsed = newDeliverySchema.safeParse(input);
  if (!parsed.success) {
    await discard();
    return invalid(fieldErrors(parsed.error));
  }
  const data = parsed.data;
  const account = await getAccount(data.accountId);
  if (!account) {
    await discard();
    return invalid({ accountId: "No SMS account with this id" });
  }
  const { template } = personalisation(data.text);
  const problem = textProblem(data.text, account, data.maxParts);
  if (problem) {
    await discard();
    return invalid({ text: problem });
  }
  let lines: () => AsyncIterable<RecipientLine> | Iterable<RecipientLine>;
  let phoneColumn: string | null = null;
  if (source.kind === "csv") {
    const column = await csvPhoneColumn(source.file, data.phoneColumn);
    if (!column.ok) {
      await discard();
      return invalid({ phoneColumn: column.error });
    }
    phoneColumn = column.column;
    const personalisation = templateProblem(data.text, column.headers);
    if (personalisation) {
      await discard();
      return invalid({ text: personalisation });
    }
    const fields = template ? fieldColumns(template.columns, column.headers) : [];
    lines = () => csvRecipientLines(source.file, column.index, fields);
  } else {
    const personalisation = templateProblem(data.text, null);
    if (personalisation) return invalid({ text: personalisation });
    const list = data.recipients ?? [];
    if (!list.some((n) => n.trim() !== "")) return invalid({ recipients: "Add at least one recipient" });
    lines = () => listedRecipients(list);
  }
  return { ok: true, data, account, phoneColumn, template, lines };
}

/**
 * Creates a delivery and answers at once; its recipients are imported in the background (status "pending"), then it
 * runs. The CSV header is read first, so that a wrong phone column is a 422 rather than a failed delivery.
 */
export async function createDelivery(input: unknown, source: RecipientSource, actor: string): Promise<CreateResult> {
  const checked = await checkNewDelivery(input, source);
  if (!checked.ok) return checked;
  const { data, account, phoneColumn, lines } = checked;
  const delivery = await db.delivery.create({
    data: {
      accountId: account.id,
      name: data.name || defaultDeliveryName(),
      scheduledAt: data.scheduledAt,
      text: data.text,
      sender: data.from,
      status: "pending",
      createdBy: actor,
      phoneColumn,
      sourceFile: source.kind === "csv" ? source.file : null,
      ...sendOptionColumns(data),
      importOwner: IMPORT_OWNER,
      importHeartbeatAt: new Date(),
    },
  });
  const job = runImport(delivery.id, account.channel.shortCode, lines, source).finally(() => imports.delete(delivery.id));
  imports.set(delivery.id, job);
  beatWhileImporting();
  return { ok: true, id: delivery.id };
}

async function runImport(
  id: string,
  shortCode: string,
  lines: () => AsyncIterable<RecipientLine> | Iterable<RecipientLine>,
  source: RecipientSource,
): Promise<void> {
  try {
    await importRecipients(id, shortCode, lines());
    // A scheduled start still ahead: the delivery waits "scheduled" (startDueDeliveries runs it when due).
    const waits = await db.delivery.updateMany({
      where: { id, status: "pending", scheduledAt: { gt: new Date() } },
      data: { status: "scheduled", sourceFile: null },
    });
    if (waits.count > 0) return;
    await db.delivery.updateMany({
      where: { id, status: "pending" },
      data: { status: "running", startedAt: new Date(), sourceFile: null },
    });
    deliveryEvents.emit("queued", id);
  } catch (e) {
    const why = csvErrorReason(e);
    await db.delivery.updateMany({
      where: { id, status: "pending" },
      data: { status: "failed", error: `Import stopped: ${why}`, finishedAt: new Date(), sourceFile: null },
    });
  } finally {
    if (source.kind === "csv") await fs.rm(source.file, { force: true });
  }
}

/** Scheduled deliveries whose start is due now run (the dispatcher calls it at each poll); how many started. */
export async function startDueDeliveries(now: Date = new Date()): Promise<number> {
  const { count } = await db.delivery.updateMany({
    where: { status: "scheduled", scheduledAt: { lte: now } },
    data: { status: "running", startedAt: now },
  });
  return count;
}

/** Resolves when the background import of `id` (if any in this process) is over. */
export async function importFinished(id: string): Promise<void> {
  await imports.get(id);
}

/**
 * Imports cut short by a restart cannot resume (the upload is gone): they are marked failed with the reason. Only an
 * import whose owner stopped its heartbeat is: a live import of another process (the web process, another node of a
 * cluster) is never touched.
 */
export async function failInterruptedImports(staleMs: number = IMPORT_STALE_MS): Promise<number> {
  const before = new Date(Date.now() - staleMs);
  const stale = await db.delivery.findMany({
    where: { status: "pending", OR: [{ importHeartbeatAt: null }, { importHeartbeatAt: { lt: before } }] },
    select: { id: true, sourceFile: true },
  });
  let n = 0;
  for (const d of stale) {
    if (imports.has(d.id)) continue;
    if (d.sourceFile) await fs.rm(d.sourceFile, { force: true });
    n += (
      await db.delivery.updateMany({
        where: { id: d.id, status: "pending", OR: [{ importHeartbeatAt: null }, { importHeartbeatAt: { lt: before } }] },
        data: {
          status: "failed",
          error: "The import was interrupted by a restart: create the delivery again",
          finishedAt: new Date(),
          sourceFile: null,
        },
      })
    ).count;
  }
  return n;
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
    total: d.total,
    processed: d.processed,
    sent: d.sent,
    delivered: d.delivered,
    bouncesAndErrors: d.bouncesAndErrors,
    skipped: d.skipped,
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
  deliveryEvents.emit("cancelled", id);
  return { ok: true };
}

export type DeliveryListItem = {
  id: string;
  accountLabel: string;
  name: string;
  text: string;
  status: string;
  scheduledAt: Date | null;
  total: number;
  processed: number;
  sent: number;
  delivered: number;
  bouncesAndErrors: number;
  skipped: number;
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
    total: d.total,
    processed: d.processed,
    sent: d.sent,
    delivered: d.delivered,
    bouncesAndErrors: d.bouncesAndErrors,
    skipped: d.skipped,
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
