import { accountUnderTest } from "@/lib/account-tests/account-under-test";
import { testSend, testSendBodySchema } from "@/lib/account-tests/test-send";
import { fieldErrors } from "@/lib/accounts/schema";
import { apiError, readJson, withApi } from "@/lib/http/api";

export const dynamic = "force-dynamic";

/** Body `{to, text, from?, waitForReceiptSeconds?}`; 422 for a bad number or text, 502 when the SMSC refused. */
export const POST = withApi("operator", async (req, { params }) => {
  const body = await readJson(req);
  if (!body.ok) return body.response;
  const parsed = testSendBodySchema.safeParse(body.value);
  if (!parsed.success) return apiError(422, "validation_failed", "Some fields are not valid", fieldErrors(parsed.error));
  const target = await accountUnderTest(params.id);
  if (!target.ok) return apiError(target.status, target.code, target.message, target.fields);
  const result = await testSend(target.accountId, target.account, target.secrets, parsed.data);
  if (result.status === 422) return apiError(422, result.code, result.message, result.fields);
  return Response.json(result.answer, { status: result.status });
});
