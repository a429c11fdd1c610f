import { getAccount } from "@/lib/accounts/repository";
import { readAccountStatus } from "@/lib/bind-state/read";
import { apiError, withApi } from "@/lib/http/api";

export const dynamic = "force-dynamic";

/**
 * The live state of an account's binds as the connector process published it (api.md): {state, binds, since,
 * lastError, sentLastMinute, queue}, plus heartbeatAt / stale / nodeIds.
 */
export const GET = withApi("viewer", async (_req, { params }) => {
  const account = await getAccount(params.id);
  if (!account) return apiError(404, "not_found", "No such routing account");
  return Response.json(await readAccountStatus(account));
});
