import "server-only";
import os from "node:os";
import fs from "node:fs/promises";
import { db } from "@/lib/db";
import { getAccount, type StoredAccount } from "@/lib/accounts/repository";
import { countMessage, countProblem } from "@/lib/smpp/codec/encoding";
import { countOptionsFor } from "@/lib/accounts/message-counter";
import { fieldErrors } from "@/lib/field-errors";
import { announceDelivery } from "./events";
import { csvErrorReason, csvPhoneColumn, csvRecipientLines } from "./csv-source";
import { importRecipients, listedRecipients, type RecipientLine } from "./recipient-import";
import { defaultDeliveryName, newDeliverySchema, type NewDelivery } from "./schema";
import { withDeliveryMaxParts } from "./send-options";
import { personalisation, templateProblem, type MessageTemplate } from "./message-template";
import { fieldColumns } from "./recipient-fields";
import { errorMessage } from "@/lib/errors";
import { singleton } from "@/lib/singleton";

/**
 * A delivery's creation: the input checked against its account (text, personalisation, options), the row
 * written, and its recipients imported in the background with a heartbeat (IMPORT_OWNER), so that no other process
 * fails a live import. repository.ts reads, lists, schedules and cancels deliveries.
 */
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
  /** The text's placeholders when it names CSV columns, else null. */
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
    await announceDelivery("queued", id);
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
