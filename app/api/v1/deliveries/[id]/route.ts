import { apiError, withApi } from "@/lib/http/api";
import { getDeliveryProgress } from "@/lib/deliveries/repository";

export const GET = withApi("viewer", async (_req, { params }) => {
  const progress = await getDeliveryProgress(params.id);
  return progress ? Response.json(progress) : apiError(404, "not_found", "No delivery with this id");
});
