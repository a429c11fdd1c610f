import { createAccount, listAccounts } from "@/lib/accounts/repository";
import { accountResponse } from "@/lib/http/account-response";
import { readJson, withApi } from "@/lib/http/api";

export const dynamic = "force-dynamic";

export const GET = withApi("viewer", async (req) => {
  const q = new URL(req.url).searchParams.get("q") ?? undefined;
  const items = await listAccounts({ q });
  return Response.json({ items: items.map((a) => ({ ...a, passwordSet: true, updatedAt: a.updatedAt.toISOString() })) });
});

export const POST = withApi("admin", async (req, { user }) => {
  const body = await readJson(req);
  if (!body.ok) return body.response;
  return accountResponse(await createAccount(body.value, user.email), 201);
});
