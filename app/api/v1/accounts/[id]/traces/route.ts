import { getAccount } from "@/lib/accounts/repository";
import { apiError, withApi } from "@/lib/http/api";
import { readTraces, traceLogText } from "@/lib/traces/trace-log";

export const dynamic = "force-dynamic";

/** `?limit=` (1–5000, default 200), `?command=submit_sm` (also its _resp), `?download=1` for the whole log file. */
export const GET = withApi("viewer", async (req, { params }) => {
  const account = await getAccount(params.id);
  if (!account) return apiError(404, "not_found", "No such routing account");
  const url = new URL(req.url);
  if (url.searchParams.get("download") === "1") {
    const text = (await traceLogText(account.id)) ?? "";
    return new Response(text, {
      headers: {
        "content-type": "application/x-ndjson; charset=utf-8",
        "content-disposition": `attachment; filename="smpp-trace-${account.internalName}.jsonl"`,
      },
    });
  }
  const rawLimit = url.searchParams.get("limit");
  const limit = rawLimit === null ? 200 : Number(rawLimit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 5000) {
    return apiError(422, "validation_failed", "limit must be a whole number between 1 and 5000", { limit: "Between 1 and 5000" });
  }
  const command = url.searchParams.get("command");
  const items = await readTraces(account.id, { limit, command });
  return Response.json({ items, verboseTraces: account.connection.verboseTraces });
});
