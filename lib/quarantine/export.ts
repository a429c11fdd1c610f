import "server-only";
import { pagedCsvStream } from "@/lib/csv/paged-csv-stream";
import { heavyReadLimit } from "@/lib/http/read-limit";
import { shortCodeAccounts, type ShortCodeAccounts } from "./accounts";
import { listQuarantine } from "./store";

const BATCH = 500;

export const QUARANTINE_CSV_COLUMNS = ["number", "shortCode", "accounts", "reason", "createdAt"];

/**
 * Every entry the page's search `q` lists, newest first, by the list's own keyset (id descending), as a streamed CSV
 * (lib/csv/paged-csv-stream.ts). Numbers are written as dialled, + and the digits, which the import reads back as
 * the same entry.
 */
export function quarantineCsvStream(q: string | undefined, signal?: AbortSignal): ReadableStream<Uint8Array> {
  let accountsOf: ShortCodeAccounts = () => "";
  return pagedCsvStream<number>({
    header: QUARANTINE_CSV_COLUMNS,
    signal,
    prepare: async () => {
      accountsOf = await shortCodeAccounts();
    },
    page: async (cursor) => {
      const page = await heavyReadLimit().turn(() => listQuarantine({ q, cursor: cursor ?? undefined, limit: BATCH }));
      return {
        rows: page.items.map((e) => [`+${e.number}`, e.shortCode, accountsOf(e.shortCode), e.reason, e.createdAt.toISOString()]),
        next: page.nextCursor === null ? null : Number(page.nextCursor),
      };
    },
  });
}
