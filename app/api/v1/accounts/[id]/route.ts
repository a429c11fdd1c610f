import { accountToJson, deleteAccount, getAccount, updateAccount } from "@/lib/accounts/repository";
import { accountResponse } from "@/lib/http/account-response";
import { apiError, readJson, withApi } from "@/lib/http/api";

export const dynamic = "force-dynamic";

export const GET = withApi("viewer", async (_req, { params }) => {
  const account = await getAccount(params.id);
  return account ? Response.json(accountToJson(account)) : apiError(404, "not_found", "No such routing account");
});

export const PUT = withApi("admin", async (req, { user, params }) => {
  const body = await readJson(req);
  if (!body.ok) return body.response;
  return accountResponse(await updateAccount(params.id, body.value, user.email));
});

export const DELETE = withApi("admin", async (_req, { user, params }) => {
  const r = await deleteAccount(params.id, user.email);
  return r.ok ? new Response(null, { status: 204 }) : apiError(r.status, r.code, r.message);
});
