import { apiError, readJson, withApi } from "@/lib/http/api";
import { deliveryJsonBodyLimit, readMultipartUpload } from "@/lib/deliveries/multipart-upload";
import { createDelivery, listDeliveries } from "@/lib/deliveries/repository";

/**
 * POST: a new bulk delivery, as JSON `{accountId, text, from?, recipients: [...]}` or multipart/form-data with the
 * same fields and a CSV `file` (plus `phoneColumn`); answers `{id}` at once, the recipients are imported after.
 */
export const POST = withApi("operator", async (req, { user }) => {
  const type = req.headers.get("content-type") ?? "";
  if (/^multipart\/form-data/i.test(type)) {
    const read = await readMultipartUpload(req);
    if (!read.ok)
      return apiError(read.tooLarge ? 413 : 400, read.tooLarge ? "payload_too_large" : "malformed_upload", read.error);
    const { fields, file } = read.upload;
    if (!file) return apiError(422, "validation_failed", "Some fields are not valid", { file: "Attach a CSV file" });
    const result = await createDelivery(fields, { kind: "csv", file: file.path }, user.email);
    return result.ok
      ? Response.json({ id: result.id }, { status: 201 })
      : apiError(result.status, result.code, result.message, result.fields);
  }
  const body = await readJson(req, deliveryJsonBodyLimit());
  if (!body.ok) return body.response;
  const result = await createDelivery(body.value, { kind: "list" }, user.email);
  return result.ok
    ? Response.json({ id: result.id }, { status: 201 })
    : apiError(result.status, result.code, result.message, result.fields);
});

export const GET = withApi("viewer", async () => {
  const items = await listDeliveries();
  return Response.json({ items });
});
