import { accountUnderTest } from "@/lib/account-tests/account-under-test";
import { recordTestConnection } from "@/lib/account-tests/last-test";
import { runTestConnectionRequest } from "@/lib/account-tests/test-connection-request";
import { apiError, readJson, withApi } from "@/lib/http/api";

export const dynamic = "force-dynamic";

/**
 * Body: nothing (saved settings) or the unsaved form values. 502 when the SMSC refused or did not answer.
 * With `Accept: application/x-ndjson`: 200 and one `{"type":"step", …step}` line per step as it ends, then the
 * answer (the JSON below, `ok` false on failure) as the last line. The session closes when the client goes away.
 * The result goes to the account's audit log (enabling after a failed test asks first).
 */
export const POST = withApi("admin", async (req, { params, user }) => {
  const body = await readJson(req);
  if (!body.ok) return body.response;
  const target = await accountUnderTest(params.id, body.value);
  if (!target.ok) return apiError(target.status, target.code, target.message, target.fields);
  return runTestConnectionRequest(req, target, (answer) => recordTestConnection(target.accountId, user.email, answer));
});
