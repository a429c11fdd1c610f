import { apiError, validationFailed, withApi } from "@/lib/http/api";
import { getInboundSmsDetail } from "@/lib/insms/detail";
import { inboundSmsIdSchema } from "@/lib/insms/filters";

export const dynamic = "force-dynamic";

/** GET /api/v1/insms/{id}: one incoming SMS with every stored field of its deliver_sm (docs/api.md). */
export const GET = withApi("viewer", async (_req, { params }) => {
  const id = inboundSmsIdSchema.safeParse(params.id);
  if (!id.success) return validationFailed(id.error, "The id is not valid", "id");
  const detail = id.data === null ? null : await getInboundSmsDetail(id.data);
  return detail ? Response.json(detail) : apiError(404, "not_found", "No incoming SMS with this id");
});
