import { apiError, withApi } from "@/lib/http/api";
import { deliveryExists, EXPORT_KINDS, recipientIssuesCsvStream, type ExportKind } from "@/lib/deliveries/recipient-export";

export const dynamic = "force-dynamic";

/** `?state=failed|skipped|possiblyDuplicated`: those recipients of the delivery as a CSV download. */
export const GET = withApi("viewer", async (req, { params }) => {
  const state = new URL(req.url).searchParams.get("state") ?? "failed";
  if (!(EXPORT_KINDS as readonly string[]).includes(state))
    return apiError(422, "validation_failed", "Some fields are not valid", { state: `One of ${EXPORT_KINDS.join(", ")}` });
  if (!(await deliveryExists(params.id))) return apiError(404, "not_found", "No delivery with this id");
  return new Response(recipientIssuesCsvStream(params.id, state as ExportKind, req.signal), {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="delivery-${params.id}-${state}.csv"`,
      "cache-control": "no-store",
    },
  });
});
