import { validationFailed, withApi } from "@/lib/http/api";
import { limitedRead } from "@/lib/http/read-limit";
import { quarantineCsvStream } from "@/lib/quarantine/export";
import { csvFileName } from "@/lib/csv/paged-csv-stream";
import { quarantineListSchema } from "@/lib/quarantine/schema";

export const dynamic = "force-dynamic";

/**
 * GET /api/v1/quarantine/export?q=: the entries the same search lists, as a streamed CSV download. Admitted like a
 * list read; each batch of rows then takes its turn (lib/http/read-limit.ts).
 */
export const GET = limitedRead(
  withApi("viewer", async (req) => {
    const q = new URL(req.url).searchParams.get("q");
    const parsed = quarantineListSchema.safeParse(q ? { q } : {});
    if (!parsed.success) return validationFailed(parsed.error, "The query parameters are not valid", "query");
    return new Response(quarantineCsvStream(parsed.data.q, req.signal), {
      headers: {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="${csvFileName("quarantine")}"`,
        "cache-control": "no-store",
      },
    });
  }),
);
