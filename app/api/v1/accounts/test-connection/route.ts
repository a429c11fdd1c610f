import { unsavedAccountUnderTest } from "@/lib/account-tests/account-under-test";
import { runTestConnectionRequest } from "@/lib/account-tests/test-connection-request";
import { apiError, readJson, withApi } from "@/lib/http/api";

export const dynamic = "force-dynamic";

/**
 * Test connection of a new account's form before it is saved: the body is the whole form (passwords typed in it).
 * Answers as POST /api/v1/accounts/{id}/test-connection; nothing is stored (no trace file, no audit entry).
 */
export const POST = withApi("admin", async (req) => {
  const body = await readJson(req);
  if (!body.ok) return body.response;
  const target = unsavedAccountUnderTest(body.value);
  if (!target.ok) return apiError(target.status, target.code, target.message, target.fields);
  return runTestConnectionRequest(req, target);
});
