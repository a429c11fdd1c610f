import "server-only";
import { db } from "@/lib/db";
import { pagedCsvStream } from "@/lib/csv/paged-csv-stream";
import { listRecipientIssues } from "./repository";

/** The recipient lists a delivery page exports, as `state` of GET /api/v1/deliveries/{id}/export. */
export const EXPORT_KINDS = ["failed", "skipped", "possiblyDuplicated"] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];

const COLUMNS = ["number", "line", "state", "reason", "errorCode", "possiblyDuplicated"];

/** A delivery's failed, skipped or possibly duplicated recipients as a streamed CSV (header first, 500 rows a read). */
export function recipientIssuesCsvStream(deliveryId: string, kind: ExportKind, signal?: AbortSignal): ReadableStream<Uint8Array> {
  return pagedCsvStream<number>({
    header: COLUMNS,
    signal,
    page: async (cursor) => {
      const { items, nextCursor } = await listRecipientIssues(deliveryId, kind, { afterId: cursor ?? undefined, limit: 500 });
      return {
        rows: items.map((r) => [r.number, r.line ?? "", r.state, r.reason ?? "", r.errorCode ?? "", r.possiblyDuplicated]),
        next: nextCursor,
      };
    },
  });
}

/** True when the delivery exists (the export answers 404 otherwise). */
export async function deliveryExists(id: string): Promise<boolean> {
  return (await db.delivery.findUnique({ where: { id }, select: { id: true } })) !== null;
}
