import "server-only";
import { db } from "@/lib/db";
import { spreadsheetSafeCsv } from "@/lib/csv/spreadsheet-safe";
import { listRecipientIssues } from "./repository";

/** The recipient lists a delivery page exports (issue 13), as `state` of GET /api/v1/deliveries/{id}/export. */
export const EXPORT_KINDS = ["failed", "skipped", "possiblyDuplicated"] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];

const COLUMNS = ["number", "line", "state", "reason", "errorCode", "possiblyDuplicated"];

/** A delivery's failed, skipped or possibly duplicated recipients as a streamed CSV (header first, 500 rows a read). */
export function recipientIssuesCsvStream(deliveryId: string, kind: ExportKind, signal?: AbortSignal): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let cursor: number | undefined;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(spreadsheetSafeCsv([COLUMNS])));
    },
    async pull(controller) {
      if (signal?.aborted) {
        controller.close();
        return;
      }
      const { items, nextCursor } = await listRecipientIssues(deliveryId, kind, { afterId: cursor, limit: 500 });
      const rows = items.map((r) => [r.number, r.line ?? "", r.state, r.reason ?? "", r.errorCode ?? "", r.possiblyDuplicated]);
      if (rows.length > 0) controller.enqueue(encoder.encode(spreadsheetSafeCsv(rows)));
      if (nextCursor === null) controller.close();
      else cursor = nextCursor;
    },
  });
}

/** True when the delivery exists (the export answers 404 otherwise). */
export async function deliveryExists(id: string): Promise<boolean> {
  return (await db.delivery.findUnique({ where: { id }, select: { id: true } })) !== null;
}
