import "server-only";
import { apiError, readJson } from "@/lib/http/api";
import { deliveryJsonBodyLimit, readMultipartUpload } from "./multipart-upload";
import type { DeliveryError, RecipientSource } from "./repository";

/**
 * The body of POST /api/v1/deliveries and of its preview: JSON `{accountId, text, recipients: [...], ...}`, or
 * multipart/form-data with the same fields and a CSV `file` (written to the uploads folder: the caller's handler
 * deletes it). An unreadable body is the error Response.
 */
export async function readDeliveryRequest(
  req: Request,
): Promise<{ ok: true; input: unknown; source: RecipientSource } | { ok: false; response: Response }> {
  const type = req.headers.get("content-type") ?? "";
  if (/^multipart\/form-data/i.test(type)) {
    const read = await readMultipartUpload(req);
    if (!read.ok)
      return {
        ok: false,
        response: apiError(read.tooLarge ? 413 : 400, read.tooLarge ? "payload_too_large" : "malformed_upload", read.error),
      };
    const { fields, file } = read.upload;
    if (!file)
      return {
        ok: false,
        response: apiError(422, "validation_failed", "Some fields are not valid", { file: "Attach a CSV file" }),
      };
    return { ok: true, input: fields, source: { kind: "csv", file: file.path } };
  }
  const body = await readJson(req, deliveryJsonBodyLimit());
  if (!body.ok) return body;
  return { ok: true, input: body.value, source: { kind: "list" } };
}

export const deliveryErrorResponse = (e: DeliveryError) => apiError(e.status, e.code, e.message, e.fields);
