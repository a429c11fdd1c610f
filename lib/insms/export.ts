import "server-only";
import { pagedCsvStream } from "@/lib/csv/paged-csv-stream";
import { db } from "@/lib/db";
import type { InboundSms } from "@/lib/generated/prisma/client";
import { heavyReadLimit } from "@/lib/http/read-limit";
import type { InboundSmsFilters } from "./filters";
import { readInboundPage } from "./query";

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

/**
 * The inSMS rows passing `filters`, newest first, as a streamed CSV (lib/csv/paged-csv-stream.ts); `bom` puts UTF-8's
 * byte order mark first, for Excel. Each page takes its turn with the other heavy reads (lib/http/read-limit.ts).
 */
export function inboundSmsCsvStream(
  filters: InboundSmsFilters,
  signal?: AbortSignal,
  options: { bom?: boolean } = {},
): ReadableStream<Uint8Array> {
  let accounts = new Map<string, string>();
  const line = (row: InboundSms) => [
    row.id,
    row.receivedAt?.toISOString() ?? "",
    row.createdAt.toISOString(),
    accounts.get(row.accountId) ?? row.accountId,
    row.origin,
    row.destination,
    row.message,
    row.dataCoding,
    row.providerId ?? "",
    row.keyword ?? "",
    row.action ?? "",
  ];
  return pagedCsvStream<NonNullable<Parameters<typeof readInboundPage>[1]>>({
    header: COLUMNS,
    bom: options.bom,
    signal,
    prepare: async () => {
      const list = await db.routingAccount.findMany({ select: { id: true, internalName: true } });
      accounts = new Map(list.map((a) => [a.id, a.internalName]));
    },
    page: async (from) => {
      const { rows, next } = await heavyReadLimit().turn(() => readInboundPage(filters, from, BATCH, 0));
      return { rows: rows.map(line), next: next ?? null };
    },
  });
}
