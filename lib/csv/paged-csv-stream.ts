import { spreadsheetSafeCsv } from "./spreadsheet-safe";

/** UTF-8's byte order mark: Excel reads a CSV as UTF-8 only when it starts with it (else as the system code page). */
const UTF8_BOM = new Uint8Array([0xef, 0xbb, 0xbf]);

/**
 * A CSV download read page by page (a keyset: `page(cursor)` answers its rows and the next cursor, null at the end)
 * and written as it comes: memory stays at one page whatever the table's size, and the database is never held by one
 * long read. The next page is read only when the consumer has taken the previous one (pull). Header first, RFC 4180
 * quoting, no formula cells (spreadsheetSafeCsv); `bom` puts UTF-8's byte order mark first, for Excel; `prepare`
 * runs once before the header (e.g. to read the account names the rows refer to).
 */
export function pagedCsvStream<C>(opts: {
  header: readonly string[];
  page: (cursor: C | null) => Promise<{ rows: unknown[][]; next: C | null }>;
  prepare?: () => Promise<void>;
  bom?: boolean;
  signal?: AbortSignal;
}): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let cursor: C | null = null;
  let done = false;
  return new ReadableStream<Uint8Array>({
    async start(controller) {
      await opts.prepare?.();
      if (opts.bom) controller.enqueue(UTF8_BOM);
      controller.enqueue(encoder.encode(spreadsheetSafeCsv([[...opts.header]])));
    },
    async pull(controller) {
      if (done || opts.signal?.aborted) {
        controller.close();
        return;
      }
      const { rows, next } = await opts.page(cursor);
      if (rows.length > 0) controller.enqueue(encoder.encode(spreadsheetSafeCsv(rows)));
      cursor = next;
      if (next === null) {
        done = true;
        controller.close();
      }
    },
  });
}

/** A download's file name made at `now`, in UTC: `insms-20261126-1405.csv` for prefix "insms". */
export function csvFileName(prefix: string, now: Date = new Date()): string {
  const iso = now.toISOString();
  return `${prefix}-${iso.slice(0, 10).replace(/-/g, "")}-${iso.slice(11, 16).replace(":", "")}.csv`;
}
