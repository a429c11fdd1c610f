import "server-only";
import { spreadsheetSafeCsv } from "@/lib/csv/spreadsheet-safe";
import { db } from "@/lib/db";
import type { InboundSms } from "@/lib/generated/prisma/client";
import { heavyReadLimit } from "@/lib/http/read-limit";
import type { InboundSmsFilters } from "./filters";
import { readInboundPage } from "./query";

// Rows are read by keyset in batches and written as they come: memory stays at one batch whatever the table size,
// and the database is never held by one long read.
const BATCH = 1_000;

const COLUMNS = [
  "id",
  "receivedAt",
  "createdAt",
  "account",
  "origin",
  "destination",
  "message",
  "dataCoding",
  "providerId",
  "keyword",
  "action",
];

/** The CSV file name for an export made at `now`: insms-20261126-1405.csv (UTC). */
export function exportFileName(now: Date = new Date()): string {
  const iso = now.toISOString();
  return `insms-${iso.slice(0, 10).replace(/-/g, "")}-${iso.slice(11, 16).replace(":", "")}.csv`;
}

/** UTF-8's byte order mark: Excel reads a CSV as UTF-8 only when it starts with it (else as the system code page). */
const UTF8_BOM = new Uint8Array([0xef, 0xbb, 0xbf]);

/**
 * The inSMS rows passing `filters`, newest first, as a streamed CSV (header first; RFC 4180 quoting; no formula cells);
 * `bom` puts UTF-8's byte order mark first, for Excel.
 */
export function inboundSmsCsvStream(
  filters: InboundSmsFilters,
  signal?: AbortSignal,
  options: { bom?: boolean } = {},
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let accounts: Map<string, string> | null = null;
  let from: Parameters<typeof readInboundPage>[1] = null;
  let done = false;
  const line = (row: InboundSms) => [
    row.id,
    row.receivedAt?.toISOString() ?? "",
    row.createdAt.toISOString(),
    accounts!.get(row.accountId) ?? row.accountId,
    row.origin,
    row.destination,
    row.message,
    row.dataCoding,
    row.providerId ?? "",
    row.keyword ?? "",
    row.action ?? "",
  ];
  return new ReadableStream<Uint8Array>({
    async start(controller) {
      const list = await db.routingAccount.findMany({ select: { id: true, internalName: true } });
      accounts = new Map(list.map((a) => [a.id, a.internalName]));
      if (options.bom) controller.enqueue(UTF8_BOM);
      controller.enqueue(encoder.encode(spreadsheetSafeCsv([COLUMNS])));
    },
    // Pulled by the consumer: the next batch is read only when the previous one has been taken.
    async pull(controller) {
      if (done || signal?.aborted) {
        controller.close();
        return;
      }
      // Each batch takes its turn with the other heavy reads (lib/http/read-limit.ts).
      const { rows, next } = await heavyReadLimit().turn(() => readInboundPage(filters, from, BATCH, 0));
      if (rows.length > 0) controller.enqueue(encoder.encode(spreadsheetSafeCsv(rows.map(line))));
      from = next;
      if (!next) {
        done = true;
        controller.close();
      }
    },
  });
}
