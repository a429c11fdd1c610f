import { apiError, withApi } from "@/lib/http/api";
import { cancelDelivery, getDeliveryProgress } from "@/lib/deliveries/repository";

export const POST = withApi("operator", async (_req, { params }) => {
  const result = await cancelDelivery(params.id);
  if (!result.ok) return apiError(result.status, result.code, result.message);
  return Response.json(await getDeliveryProgress(params.id));
});
