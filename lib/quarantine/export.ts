import "server-only";
import { spreadsheetSafeCsv } from "@/lib/csv/spreadsheet-safe";
import { heavyReadLimit } from "@/lib/http/read-limit";
import { shortCodeAccounts, type ShortCodeAccounts } from "./accounts";
import { listQuarantine } from "./store";

// Read by the list's own keyset (id descending) in batches and written as they come: memory stays at one batch
// whatever the size of the denylist, and the database is never held by one long read (as lib/insms/export.ts).
const BATCH = 500;

export const QUARANTINE_CSV_COLUMNS = ["number", "shortCode", "accounts", "reason", "createdAt"];

/** The CSV file name for an export made at `now`: quarantine-20261202-2015.csv (UTC). */
export function quarantineExportFileName(now: Date = new Date()): string {
  const iso = now.toISOString();
  return `quarantine-${iso.slice(0, 10).replace(/-/g, "")}-${iso.slice(11, 16).replace(":", "")}.csv`;
}

/**
 * Every entry the page's search `q` lists, newest first, as a streamed CSV (header first, RFC 4180 quoting, no
 * formula cells). Numbers are written as dialled, + and the digits, which the import reads back as the same entry.
 */
export function quarantineCsvStream(q: string | undefined, signal?: AbortSignal): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let accountsOf: ShortCodeAccounts | null = null;
  let cursor: number | undefined;
  let done = false;
  return new ReadableStream<Uint8Array>({
    async start(controller) {
      accountsOf = await shortCodeAccounts();
      controller.enqueue(encoder.encode(spreadsheetSafeCsv([QUARANTINE_CSV_COLUMNS])));
    },
    // Pulled by the consumer: the next batch is read only when the previous one has been taken.
    async pull(controller) {
      if (done || signal?.aborted) {
        controller.close();
        return;
      }
      const page = await heavyReadLimit().turn(() => listQuarantine({ q, cursor, limit: BATCH }));
      const rows = page.items.map((e) => [
        `+${e.number}`,
        e.shortCode,
        accountsOf!(e.shortCode),
        e.reason,
        e.createdAt.toISOString(),
      ]);
      if (rows.length > 0) controller.enqueue(encoder.encode(spreadsheetSafeCsv(rows)));
      if (page.nextCursor === null) {
        done = true;
        controller.close();
      } else cursor = Number(page.nextCursor);
    },
  });
}
