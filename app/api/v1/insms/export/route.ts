import { apiError, validationFailed, withApi } from "@/lib/http/api";
import { limitedRead } from "@/lib/http/read-limit";
import { filterParams, inboundSmsFilterSchema } from "@/lib/insms/filters";
import { inboundSmsCsvStream } from "@/lib/insms/export";
import { csvFileName } from "@/lib/csv/paged-csv-stream";

export const dynamic = "force-dynamic";

/**
 * GET /api/v1/insms/export: the rows the same filters list, as a streamed CSV download (`bom=1`: for Excel). Admitted
 * like a list read (503 busy when too many wait); each batch of rows then takes its turn (lib/http/read-limit.ts).
 */
export const GET = limitedRead(
  withApi("viewer", async (req) => {
    const search = new URL(req.url).searchParams;
    const parsed = inboundSmsFilterSchema.safeParse(filterParams(search));
    if (!parsed.success) return validationFailed(parsed.error, "The query parameters are not valid", "query");
    const bom = search.get("bom") ?? "0";
    if (bom !== "0" && bom !== "1")
      return apiError(422, "validation_failed", "The query parameters are not valid", { bom: "Must be 0 or 1" });
    return new Response(inboundSmsCsvStream(parsed.data, req.signal, { bom: bom === "1" }), {
      headers: {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="${csvFileName("insms")}"`,
        "cache-control": "no-store",
      },
    });
  }),
);
