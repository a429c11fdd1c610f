import "server-only";
import { sqliteDateTime } from "@/lib/storage/sqlite-writer";
import { isPostgresUrl } from "@/lib/database-url";
import { db } from "@/lib/db";
import { Prisma, type InboundSms } from "@/lib/generated/prisma/client";
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
export const SEARCH_SCAN_ROWS = 10_000;

// The order is (receivedAt desc, id desc) over two segments: dated rows first, then rows without a receivedAt
// (by id desc). Each segment is one walk of an index ending in (receivedAt, id) (see InboundSms in
// prisma/schema.prisma), so SQLite reads rows in page order and stops at LIMIT. The SQL is written by hand (Prisma.sql,
// every value a bound parameter): the query builder costs several times the query itself on a page this small.
interface Segment {
  rows: Prisma.Sql;
  /** Rows strictly after `p` in page order; null when this segment lies wholly before `p`. */
  after(p: InboundPosition | null): Prisma.Sql | null;
  /** Rows up to and including `p` (p is in this segment). */
  upTo(p: InboundPosition): Prisma.Sql;
  orderBy: Prisma.Sql;
}

// Prisma's SQLite adapter (and the connector's writer) store DateTime as ISO 8601 text ending in +00:00, compared as
// text; PostgreSQL compares timestamps, so there a Date is bound as it is.
const onPostgres = isPostgresUrl();
const at = (d: Date): Date | string => (onPostgres ? d : sqliteDateTime(d));
// Case-insensitive substring as SQLite's LIKE answers it: ASCII letters only (so the live feed's filter, which
// folds ASCII, agrees with the list). PostgreSQL's ILIKE would fold every letter, so there the column is folded.
const UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const messageLike = (pattern: string): Prisma.Sql =>
  onPostgres
    ? Prisma.sql`translate("message", ${UPPER}, ${UPPER.toLowerCase()}) LIKE ${pattern.replace(/[A-Z]/g, (c) => c.toLowerCase())} ESCAPE '\\'`
    : Prisma.sql`"message" LIKE ${pattern} ESCAPE '\\'`;

const dated: Segment = {
  rows: Prisma.sql`"receivedAt" IS NOT NULL`,
  // (receivedAt, id) < (at, id), written so that the first term is an index range in any SQL engine.
  after: (p) =>
    !p
      ? Prisma.sql`1 = 1`
      : p.at === null
        ? null
        : Prisma.sql`"receivedAt" <= ${at(p.at)} AND ("receivedAt" < ${at(p.at)} OR "id" < ${p.id})`,
  upTo: (p) => Prisma.sql`"receivedAt" >= ${at(p.at!)} AND ("receivedAt" > ${at(p.at!)} OR "id" >= ${p.id})`,
  orderBy: Prisma.sql`"receivedAt" DESC, "id" DESC`,
};

const undated: Segment = {
  rows: Prisma.sql`"receivedAt" IS NULL`,
  after: (p) => (!p || p.at !== null ? Prisma.sql`1 = 1` : Prisma.sql`"id" < ${p.id}`),
  upTo: (p) => Prisma.sql`"id" >= ${p.id}`,
  orderBy: Prisma.sql`"id" DESC`,
};

function filterSql(f: InboundSmsFilters): Prisma.Sql[] {
  const parts: Prisma.Sql[] = [];
  if (f.accountId) parts.push(Prisma.sql`"accountId" = ${f.accountId}`);
  if (f.origin) parts.push(Prisma.sql`"origin" IN (${Prisma.join(originCandidates(f.origin))})`);
  if (f.since) parts.push(Prisma.sql`"receivedAt" >= ${at(f.since)}`);
  if (f.until) parts.push(Prisma.sql`"receivedAt" < ${at(f.until)}`);
  return parts;
}

/** q as a LIKE pattern: a literal substring (% and _ typed by the user match themselves). */
const likePattern = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

const and = (parts: Prisma.Sql[]) => Prisma.join(parts, " AND ");

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
    const where = [...filterSql(f), seg.rows, after];
    let stop: InboundPosition | null = null;
    if (f.q && scanRows > 0) {
      const last = await db.$queryRaw<{ id: number; receivedAt: Date | null }[]>(
        Prisma.sql`SELECT "id", "receivedAt" FROM "InboundSms" WHERE ${and(where)} ORDER BY ${seg.orderBy} LIMIT 1 OFFSET ${scanRows - 1}`,
      );
      if (last.length > 0) stop = positionOf(last[0]);
    }
    const conditions = [...where];
    if (f.q) conditions.push(messageLike(likePattern(f.q)));
    if (stop) conditions.push(seg.upTo(stop));
    const found = await db.$queryRaw<InboundSms[]>(
      Prisma.sql`SELECT * FROM "InboundSms" WHERE ${and(conditions)} ORDER BY ${seg.orderBy} LIMIT ${want - rows.length}`,
    );
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
