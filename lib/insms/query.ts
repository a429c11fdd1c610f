import "server-only";
import { db } from "@/lib/db";
import type { InboundSms, Prisma } from "@/lib/generated/prisma/client";
import { decodeCursor, encodeCursor, type InboundPosition } from "./cursor";
import { originCandidates, type InboundSmsFilters } from "./filters";

/** One inSMS row as the API and the pages show it (dates as ISO strings). */
export interface InboundSmsItem {
  id: number;
  accountId: string;
  origin: string;
  destination: string;
  message: string;
  dataCoding: number;
  providerId: string | null;
  receivedAt: string | null;
  createdAt: string;
  keyword: string | null;
  action: string | null;
}

export interface InboundSmsPage {
  items: InboundSmsItem[];
  nextCursor: string | null;
  /** True when a text search stopped at its scan budget: the page may be short, nextCursor continues the search. */
  partial: boolean;
}

/**
 * Text search (q) is a case-insensitive substring (SQLite LIKE) checked while walking the (receivedAt, id) index,
 * newest first. A frequent word fills a page after a few rows; a rare one would read the whole table, so one request
 * reads at most this many candidate rows and then answers what it found with a cursor at the place it stopped
 * (`partial: true`): every request stays bounded at a million rows, and "Next" continues the search where it was.
 * (A prefix-only or full-text index would find rare words at once, but prefixes miss words inside a text and FTS5
 * needs triggers outside Prisma's schema; this keeps one code path and any substring.)
 */
export const SEARCH_SCAN_ROWS = 20_000;

// The order is (receivedAt desc, id desc) over two segments: dated rows first, then rows without a receivedAt
// (by id desc). Each segment is a single index walk (see the InboundSms indexes in prisma/schema.prisma).
interface Segment {
  rows: Prisma.InboundSmsWhereInput;
  /** Rows strictly after `p` in page order; null when this segment lies wholly before `p`. */
  after(p: InboundPosition | null): Prisma.InboundSmsWhereInput | null;
  /** Rows up to and including `p` (p is in this segment). */
  upTo(p: InboundPosition): Prisma.InboundSmsWhereInput;
  orderBy: Prisma.InboundSmsOrderByWithRelationInput[];
}

const dated: Segment = {
  rows: { receivedAt: { not: null } },
  // (receivedAt, id) < (at, id), written so that the first term is an index range in any SQL engine.
  after: (p) =>
    !p ? {} : p.at === null ? null : { receivedAt: { lte: p.at }, OR: [{ receivedAt: { lt: p.at } }, { id: { lt: p.id } }] },
  upTo: (p) => ({ receivedAt: { gte: p.at! }, OR: [{ receivedAt: { gt: p.at! } }, { id: { gte: p.id } }] }),
  orderBy: [{ receivedAt: "desc" }, { id: "desc" }],
};

const undated: Segment = {
  rows: { receivedAt: null },
  after: (p) => (!p || p.at !== null ? {} : { id: { lt: p.id } }),
  upTo: (p) => ({ id: { gte: p.id } }),
  orderBy: [{ id: "desc" }],
};

function filterWhere(f: InboundSmsFilters): Prisma.InboundSmsWhereInput {
  const where: Prisma.InboundSmsWhereInput = {};
  if (f.accountId) where.accountId = f.accountId;
  if (f.origin) {
    const forms = originCandidates(f.origin);
    where.origin = forms.length === 1 ? forms[0] : { in: forms };
  }
  if (f.since || f.until) where.receivedAt = { ...(f.since ? { gte: f.since } : {}), ...(f.until ? { lt: f.until } : {}) };
  return where;
}

export const positionOf = (row: { receivedAt: Date | null; id: number }): InboundPosition => ({ at: row.receivedAt, id: row.id });

/**
 * Reads up to `limit` rows after `from`, in page order. `scanRows` bounds a text search (0 = unbounded, for the export).
 * `next` is where the following page starts (null at the end).
 */
export async function readInboundPage(
  f: InboundSmsFilters,
  from: InboundPosition | null,
  limit: number,
  scanRows: number = SEARCH_SCAN_ROWS,
): Promise<{ rows: InboundSms[]; next: InboundPosition | null; partial: boolean }> {
  const want = limit + 1;
  const rows: InboundSms[] = [];
  // Rows without a time have no place in a date range.
  const segments = f.since || f.until ? [dated] : [dated, undated];
  for (const seg of segments) {
    const after = seg.after(from);
    if (after === null) continue;
    const where: Prisma.InboundSmsWhereInput = { AND: [filterWhere(f), seg.rows, after] };
    let stop: InboundPosition | null = null;
    if (f.q && scanRows > 0) {
      const last = await db.inboundSms.findFirst({ where, orderBy: seg.orderBy, skip: scanRows - 1, select: { id: true, receivedAt: true } });
      if (last) stop = positionOf(last);
    }
    const found = await db.inboundSms.findMany({
      where: { AND: [where, f.q ? { message: { contains: f.q } } : {}, stop ? seg.upTo(stop) : {}] },
      orderBy: seg.orderBy,
      take: want - rows.length,
    });
    rows.push(...found);
    if (rows.length >= want) break;
    if (stop) return { rows, next: stop, partial: true };
  }
  const more = rows.length > limit;
  const page = more ? rows.slice(0, limit) : rows;
  return { rows: page, next: more ? positionOf(page[page.length - 1]) : null, partial: false };
}

export type ListResult = { ok: true; page: InboundSmsPage } | { ok: false; fields: Record<string, string> };

/** The list API and page: newest first, keyset pages from an opaque cursor. */
export async function listInboundSms(f: InboundSmsFilters, opts: { cursor?: string; limit: number }): Promise<ListResult> {
  let from: InboundPosition | null = null;
  if (opts.cursor) {
    from = decodeCursor(opts.cursor);
    if (!from) return { ok: false, fields: { cursor: "This cursor is not valid (it was changed, or made by another server)" } };
  }
  const { rows, next, partial } = await readInboundPage(f, from, opts.limit);
  return { ok: true, page: { items: rows.map(toInboundSmsItem), nextCursor: next ? encodeCursor(next) : null, partial } };
}

export function toInboundSmsItem(row: InboundSms): InboundSmsItem {
  return {
    id: row.id,
    accountId: row.accountId,
    origin: row.origin,
    destination: row.destination,
    message: row.message,
    dataCoding: row.dataCoding,
    providerId: row.providerId,
    receivedAt: row.receivedAt ? row.receivedAt.toISOString() : null,
    createdAt: row.createdAt.toISOString(),
    keyword: row.keyword,
    action: row.action,
  };
}
