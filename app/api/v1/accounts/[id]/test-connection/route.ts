import { accountUnderTest } from "@/lib/account-tests/account-under-test";
import { testConnection } from "@/lib/account-tests/test-connection";
import { apiError, readJson, withApi } from "@/lib/http/api";

export const dynamic = "force-dynamic";

/** Body: nothing (saved settings) or the unsaved form values. 502 when the SMSC refused or did not answer. */
export const POST = withApi("admin", async (req, { params }) => {
  const body = await readJson(req);
  if (!body.ok) return body.response;
  const target = await accountUnderTest(params.id, body.value);
  if (!target.ok) return apiError(target.status, target.code, target.message, target.fields);
  const answer = await testConnection(target.accountId, target.account, target.secrets);
  return Response.json(answer, { status: answer.ok ? 200 : 502 });
});
