import { apiError, readJson, validationFailed, withApi } from "@/lib/http/api";
import { matchAgainSchema } from "@/lib/receipts/schema";
import { matchUnmatchedAgain } from "@/lib/receipts/unmatched";

export const dynamic = "force-dynamic";

/** Reads the account's unmatched SRs again with its current settings and matches them: {accountId, ids?}. */
export const POST = withApi("operator", async (req) => {
  const body = await readJson(req);
  if (!body.ok) return body.response;
  const parsed = matchAgainSchema.safeParse(body.value);
  if (!parsed.success) return validationFailed(parsed.error);
  const r = await matchUnmatchedAgain(parsed.data.accountId, parsed.data.ids);
  if (!r.ok) return apiError(404, "not_found", r.error);
  return Response.json({ reread: r.reread, matched: r.matched, remaining: r.remaining });
});
