import { accountUnderTest } from "@/lib/account-tests/account-under-test";
import { ndjsonResponse, wantsNdjson } from "@/lib/account-tests/ndjson";
import { testConnection } from "@/lib/account-tests/test-connection";
import { apiError, readJson, withApi } from "@/lib/http/api";

export const dynamic = "force-dynamic";

/**
 * Body: nothing (saved settings) or the unsaved form values. 502 when the SMSC refused or did not answer.
 * With `Accept: application/x-ndjson`: 200 and one `{"type":"step", …step}` line per step as it ends, then the
 * answer (the JSON below, `ok` false on failure) as the last line. The session closes when the client goes away.
 */
export const POST = withApi("admin", async (req, { params }) => {
  const body = await readJson(req);
  if (!body.ok) return body.response;
  const target = await accountUnderTest(params.id, body.value);
  if (!target.ok) return apiError(target.status, target.code, target.message, target.fields);
  if (wantsNdjson(req)) {
    return ndjsonResponse(req.signal, (emit, signal) =>
      testConnection(target.accountId, target.account, target.secrets, {
        signal,
        onStep: (step) => emit({ type: "step", ...step }),
      }),
    );
  }
  const answer = await testConnection(target.accountId, target.account, target.secrets, { signal: req.signal });
  return Response.json(answer, { status: answer.ok ? 200 : 502 });
});
