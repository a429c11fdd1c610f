import { validationFailed, withApi } from "@/lib/http/api";
import { filterParams, inboundSmsFilterSchema } from "@/lib/insms/filters";
import { inboundSmsEventStream } from "@/lib/insms/live-stream";

export const dynamic = "force-dynamic";

/** GET /api/v1/insms/stream: server-sent events, one `insms` event per new row passing the filters. */
export const GET = withApi("viewer", async (req) => {
  const parsed = inboundSmsFilterSchema.safeParse(filterParams(new URL(req.url).searchParams));
  if (!parsed.success) return validationFailed(parsed.error, "The query parameters are not valid", "query");
  const lastId = Number(req.headers.get("last-event-id"));
  return new Response(
    inboundSmsEventStream(parsed.data, {
      lastEventId: Number.isSafeInteger(lastId) && lastId > 0 ? lastId : undefined,
      signal: req.signal,
    }),
    {
      headers: {
        "content-type": "text/event-stream; charset=utf-8",
        "cache-control": "no-cache, no-transform",
        connection: "keep-alive",
        // nginx would otherwise buffer the stream
        "x-accel-buffering": "no",
      },
    },
  );
});
