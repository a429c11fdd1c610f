import { validationFailed, withApi } from "@/lib/http/api";
import { filterParams, inboundSmsFilterSchema } from "@/lib/insms/filters";
import { exportFileName, inboundSmsCsvStream } from "@/lib/insms/export";

export const dynamic = "force-dynamic";

/** GET /api/v1/insms/export: the rows the same filters list, as a streamed CSV download. */
export const GET = withApi("viewer", async (req) => {
  const parsed = inboundSmsFilterSchema.safeParse(filterParams(new URL(req.url).searchParams));
  if (!parsed.success) return validationFailed(parsed.error, "The query parameters are not valid", "query");
  return new Response(inboundSmsCsvStream(parsed.data, req.signal), {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${exportFileName()}"`,
      "cache-control": "no-store",
    },
  });
});
