import { withApi } from "@/lib/http/api";
import { deliveryErrorResponse, readDeliveryRequest } from "@/lib/deliveries/delivery-request";
import { createDelivery, listDeliveries } from "@/lib/deliveries/repository";

/**
 * POST: a new bulk delivery, as JSON `{accountId, text, from?, name?, scheduledAt?, recipients: [...]}` or
 * multipart/form-data with the same fields and a CSV `file` (plus `phoneColumn`); answers `{id}` at once, the
 * recipients are imported after.
 */
export const POST = withApi("operator", async (req, { user }) => {
  const read = await readDeliveryRequest(req);
  if (!read.ok) return read.response;
  const result = await createDelivery(read.input, read.source, user.email);
  return result.ok ? Response.json({ id: result.id }, { status: 201 }) : deliveryErrorResponse(result);
});

export const GET = withApi("viewer", async () => {
  const items = await listDeliveries();
  return Response.json({ items });
});
