import "server-only";
import { srErrorQualifier } from "../accounts/error-table";
import { getAccount, type StoredAccount } from "../accounts/repository";
import { matchPendingReports, type ReceivingBind } from "../deliveries/status-reports";
import { db } from "../db";
import { candidateIds, explainUnmatched, type UnmatchedExplanation } from "./explain";
import { compileSrParser } from "@/lib/smpp/codec/status-report";

/**
 * Status reports that matched no MT ("Unmatched receipts"): listed with why, and matched again once the
 * account's id regex or id format is corrected. The receipt's text is kept (StatusReport.raw), so an SR is read
 * again with the account's current settings; its TLVs are not kept, so an account that reads the id from an optional
 * field ("SR ID or error code in optional field") cannot be re-read this way.
 */
export type UnmatchedItem = UnmatchedExplanation & {
  id: number;
  accountId: string;
  accountLabel: string;
  /** The id stored when the SR arrived (after the id format of that time). */
  storedId: string;
  status: string;
  errorCode: string;
  verdict: string;
  raw: string;
  receivedAt: string;
  ageSeconds: number;
  /** Times it was refused (deliver_sm_resp ESME_RX_T_APPN) under the account's "Invalid ID acknowledge count". */
  refusals: number;
  /** The bind that received it (connection index 0-based, as BindState's); null for receipts stored before it was kept. */
  bind: ReceivingBind | null;
};

export type UnmatchedPage = { items: UnmatchedItem[]; nextCursor: string | null; total: number };

async function knownMtIds(accountId: string, ids: readonly string[]): Promise<Set<string>> {
  // A candidate read in another id format can hold U+0000 (hex decoded as ASCII): no stored id does, and PostgreSQL
  // refuses it in a query.
  const wanted = [...new Set(ids)].filter((id) => !id.includes("\u0000"));
  if (wanted.length === 0) return new Set();
  const rows = await db.messagePart.findMany({
    where: { accountId, messageId: { in: wanted } },
    select: { messageId: true },
  });
  return new Set(rows.map((r) => r.messageId!).filter(Boolean));
}

/** Newest first; `cursor` is the id of the last item of the previous page. */
export async function listUnmatchedReceipts(opts: {
  accountId?: string;
  cursor?: number;
  limit?: number;
}): Promise<UnmatchedPage> {
  const limit = Math.min(Math.max(opts.limit ?? 50, 1), 200);
  const where = { matched: false, ...(opts.accountId ? { accountId: opts.accountId } : {}) };
  const [rows, total] = await Promise.all([
    db.statusReport.findMany({
      where: { ...where, ...(opts.cursor ? { id: { lt: opts.cursor } } : {}) },
      orderBy: { id: "desc" },
      take: limit + 1,
    }),
    db.statusReport.count({ where }),
  ]);
  const page = rows.slice(0, limit);
  const accounts = new Map<string, StoredAccount | null>();
  for (const r of page) if (!accounts.has(r.accountId)) accounts.set(r.accountId, await getAccount(r.accountId));
  const now = Date.now();
  const items: UnmatchedItem[] = [];
  for (const r of page) {
    const account = accounts.get(r.accountId);
    if (!account) continue;
    const rawId = compileSrParser(account.smsc)(r.raw).rawId;
    const known = await knownMtIds(r.accountId, rawId ? candidateIds(rawId).map((c) => c.id) : []);
    items.push({
      ...explainUnmatched(r.raw, account.smsc, known),
      id: r.id,
      accountId: r.accountId,
      accountLabel: account.label,
      storedId: r.messageId,
      status: r.status,
      errorCode: r.errorCode,
      verdict: r.verdict,
      raw: r.raw,
      receivedAt: r.createdAt.toISOString(),
      ageSeconds: Math.max(0, Math.round((now - r.createdAt.getTime()) / 1000)),
      refusals: r.refusals,
      bind:
        r.bindRole !== null && r.bindIndex !== null
          ? { role: r.bindRole, connectionIndex: r.bindIndex, nodeId: r.bindNodeId }
          : null,
    });
  }
  return { items, nextCursor: rows.length > limit ? String(page[page.length - 1].id) : null, total };
}

export type MatchAgainResult = { ok: true; reread: number; matched: number; remaining: number } | { ok: false; error: string };

/**
 * Reads the account's unmatched SRs again with its current settings (id regex and "ID format in the SR"), stores the
 * id they give now, and matches those whose MT is known, as the connector would have.
 */
export async function matchUnmatchedAgain(accountId: string, ids?: readonly number[]): Promise<MatchAgainResult> {
  const account = await getAccount(accountId);
  if (!account) return { ok: false, error: "No such account" };
  const parse = compileSrParser(account.smsc);
  const rows = await db.statusReport.findMany({
    where: { accountId, matched: false, ...(ids ? { id: { in: [...ids] } } : {}) },
    select: { id: true, raw: true, messageId: true },
    take: 10_000,
  });
  const newIds: string[] = [];
  let reread = 0;
  for (const r of rows) {
    const sr = parse(r.raw);
    if (!sr.id) continue;
    newIds.push(sr.id);
    if (sr.id !== r.messageId) {
      await db.statusReport.update({ where: { id: r.id }, data: { messageId: sr.id } });
      reread++;
    }
  }
  const matched = newIds.length
    ? await matchPendingReports(accountId, {
        realtimeKpi: account.channel.realtimeKpi,
        messageIds: [...new Set(newIds)],
        qualify: srErrorQualifier(account),
      })
    : 0;
  const remaining = await db.statusReport.count({ where: { accountId, matched: false } });
  return { ok: true, reread, matched, remaining };
}
