import { apiError } from "@/lib/http/api";
import { mayScrape } from "@/lib/metrics/access";
import { metricsText } from "@/lib/metrics/collect";
import { errorMessage } from "@/lib/errors";

export const dynamic = "force-dynamic";

/** Prometheus text format; the scrape secret (METRICS_TOKEN) or a user's bearer token. */
export async function GET(req: Request): Promise<Response> {
  try {
    if (!(await mayScrape(req))) {
      return apiError(401, "unauthorized", "Send Authorization: Bearer <METRICS_TOKEN or an API token>");
    }
    const { text, contentType } = await metricsText();
    return new Response(text, { headers: { "content-type": contentType, "cache-control": "no-store" } });
  } catch (e) {
    console.error("[metrics] failed:", errorMessage(e));
    return apiError(500, "internal_error", "The metrics could not be read");
  }
}
