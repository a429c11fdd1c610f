import { accountUnderTest } from "@/lib/account-tests/account-under-test";
import { ndjsonResponse, wantsNdjson } from "@/lib/account-tests/ndjson";
import { testSendBodySchema, type TestSendLine } from "@/lib/account-tests/answers";
import { prepareTestSend, runTestSend } from "@/lib/account-tests/test-send";
import { apiError, readJson, validationFailed, withApi } from "@/lib/http/api";

export const dynamic = "force-dynamic";

/**
 * Body `{to, text, from?, waitForReceiptSeconds?}`; 422 for a bad number or text, 502 when the SMSC refused.
 * With `Accept: application/x-ndjson`: 200 and, as they happen, `{"type":"step", …}` lines, one
 * `{"type":"submit_sm_resp", …part}` per part and `{"type":"receipt", …}`, then the answer as the last line.
 * A 422 is still plain JSON: it is known before any session opens.
 */
export const POST = withApi("operator", async (req, { params }) => {
  const body = await readJson(req);
  if (!body.ok) return body.response;
  const parsed = testSendBodySchema.safeParse(body.value);
  if (!parsed.success) return validationFailed(parsed.error);
  const target = await accountUnderTest(params.id);
  if (!target.ok) return apiError(target.status, target.code, target.message, target.fields);
  const prepared = prepareTestSend(target.account, parsed.data);
  if (!("parts" in prepared)) return apiError(422, prepared.code, prepared.message, prepared.fields);
  if (wantsNdjson(req)) {
    return ndjsonResponse<TestSendLine>(req.signal, async (emit, signal) => {
      const result = await runTestSend(target.accountId, target.account, target.secrets, prepared, {
        signal,
        onStep: (step) => emit({ type: "step", ...step }),
        onResponse: (response) => emit({ type: "submit_sm_resp", ...response }),
        onReceipt: (receipt) => emit({ type: "receipt", ...receipt }),
      });
      return result.answer;
    });
  }
  const result = await runTestSend(target.accountId, target.account, target.secrets, prepared, { signal: req.signal });
  return Response.json(result.answer, { status: result.status });
});
