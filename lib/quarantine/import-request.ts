import "server-only";
import fs from "node:fs/promises";
import { apiError } from "@/lib/http/api";
import { readMultipartUpload } from "@/lib/deliveries/multipart-upload";
import { importQuarantineCsv } from "./import";

/**
 * POST /api/v1/quarantine/import: multipart/form-data with a CSV `file` (and `phoneColumn` when the header does not
 * tell), streamed to the uploads folder within API_MAX_UPLOAD_BYTES as the deliveries' upload is, imported, deleted.
 * 200 with the counts; 413 too large; 400 not multipart; 422 no file, or a file that is not a readable CSV (with
 * the counts of what was imported before a bad record).
 */
export async function quarantineImportResponse(req: Request): Promise<Response> {
  if (!/^multipart\/form-data/i.test(req.headers.get("content-type") ?? ""))
    return apiError(400, "malformed_upload", "Send multipart/form-data with a CSV file");
  const read = await readMultipartUpload(req);
  if (!read.ok) return apiError(read.tooLarge ? 413 : 400, read.tooLarge ? "payload_too_large" : "malformed_upload", read.error);
  const { fields, file } = read.upload;
  if (!file) return apiError(422, "validation_failed", "Some fields are not valid", { file: "Attach a CSV file" });
  try {
    const result = await importQuarantineCsv(file.path, fields.phoneColumn);
    if (result.ok) return Response.json(result.summary);
    return Response.json(
      {
        error: { code: "validation_failed", message: result.error, fields: { file: result.error } },
        ...(result.summary ? { summary: result.summary } : {}),
      },
      { status: 422 },
    );
  } finally {
    await fs.rm(file.path, { force: true });
  }
}
