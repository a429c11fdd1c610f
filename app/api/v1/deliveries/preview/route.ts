import { withApi } from "@/lib/http/api";
import { deliveryErrorResponse, readDeliveryRequest } from "@/lib/deliveries/delivery-request";
import { previewDelivery } from "@/lib/deliveries/preview";

/**
 * POST, the same body as POST /api/v1/deliveries: what that delivery would be (recipients valid / invalid /
 * duplicate / quarantined, parts and encoding, estimated duration), without creating it; an uploaded CSV is read and
 * deleted.
 */
export const POST = withApi("operator", async (req) => {
  const read = await readDeliveryRequest(req);
  if (!read.ok) return read.response;
  const result = await previewDelivery(read.input, read.source);
  return result.ok ? Response.json(result.preview) : deliveryErrorResponse(result);
});
