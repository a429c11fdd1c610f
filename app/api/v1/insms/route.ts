import { apiError, validationFailed, withApi } from "@/lib/http/api";
import { limitedRead } from "@/lib/http/read-limit";
import { filterParams, inboundSmsListSchema } from "@/lib/insms/filters";
import { listInboundSms } from "@/lib/insms/query";

export const dynamic = "force-dynamic";

/**
 * GET /api/v1/insms: incoming MO, newest first, keyset pages `{items, nextCursor, partial}`. A few at once
 * (lib/http/read-limit.ts): the others wait their turn, or get 503 busy when too many wait.
 */
export const GET = limitedRead(
  withApi("viewer", async (req) => {
    const parsed = inboundSmsListSchema.safeParse(filterParams(new URL(req.url).searchParams));
    if (!parsed.success) return validationFailed(parsed.error, "The query parameters are not valid", "query");
    const { cursor, limit, ...filters } = parsed.data;
    const result = await listInboundSms(filters, { cursor, limit });
    if (!result.ok) return apiError(422, "validation_failed", "The query parameters are not valid", result.fields);
    return Response.json(result.page);
  }),
);
