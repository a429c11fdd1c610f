import "server-only";
import type { AccountUnderTest } from "./account-under-test";
import { ndjsonResponse, wantsNdjson } from "./ndjson";
import type { TestConnectionAnswer, TestConnectionLine } from "./answers";
import { testConnection } from "./test-connection";
import { errorMessage } from "@/lib/errors";

/** Runs a Test connection for an HTTP request: streamed as NDJSON when asked, else one JSON (502 on failure). */
export async function runTestConnectionRequest(
  req: Request,
  target: Extract<AccountUnderTest, { ok: true }>,
  onAnswer: (answer: TestConnectionAnswer) => Promise<void> = async () => undefined,
): Promise<Response> {
  const run = async (progress: Parameters<typeof testConnection>[3]) => {
    const answer = await testConnection(target.accountId, target.account, target.secrets, progress);
    // A client that went away cancelled the test: that is not a result of the SMSC worth keeping.
    // Keeping the result is advisory: a failed write (the account deleted meanwhile) must not lose the answer.
    if (!progress?.signal?.aborted)
      await onAnswer(answer).catch((e: unknown) => console.error("[test-connection] result not recorded:", errorMessage(e)));
    return answer;
  };
  if (wantsNdjson(req)) {
    return ndjsonResponse<TestConnectionLine>(req.signal, (emit, signal) =>
      run({ signal, onStep: (step) => emit({ type: "step", ...step }) }),
    );
  }
  const answer = await run({ signal: req.signal });
  return Response.json(answer, { status: answer.ok ? 200 : 502 });
}
