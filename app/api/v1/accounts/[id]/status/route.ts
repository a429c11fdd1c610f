import { getAccount } from "@/lib/accounts/repository";
import { getConnector } from "@/lib/connector/service";
import { apiError, withApi } from "@/lib/http/api";

export const dynamic = "force-dynamic";

/** The live connector state of an account's binds (api.md): {state, binds, since, lastError, sentLastMinute, queue}. */
export const GET = withApi("viewer", async (_req, { params }) => {
  const account = await getAccount(params.id);
  if (!account) return apiError(404, "not_found", "No such routing account");
  return Response.json(getConnector().status(account.id));
});
