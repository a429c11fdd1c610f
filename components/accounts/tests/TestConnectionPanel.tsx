"use client";
import { useEffect, useRef, useState } from "react";
import { TraceTable } from "../traces/TraceTable";
import { readNdjsonLines, UnreadableLine } from "./ndjson-lines";
import { apiErrorMessage, apiErrorOf } from "@/lib/http/api-error-body";
import {
  testConnectionAnswerSchema,
  testConnectionLineSchema,
  type TestConnectionAnswer,
  type TestStep,
} from "@/lib/account-tests/answers";
import { STEP_LABEL, StepItems } from "./StepItems";

type RunState =
  | { kind: "idle" }
  | { kind: "running"; steps: TestStep[]; startedAt: number }
  | { kind: "done"; result: TestConnectionAnswer }
  | { kind: "failed"; message: string };

/**
 * Test connection: a new session with the saved settings (DNS, TCP, TLS, bind, enquire_link, unbind). Steps are shown
 * as they arrive when the server streams them (NDJSON), otherwise all at once with the final answer.
 */
export function TestConnectionPanel({
  accountId,
  unsavedSettings,
}: {
  /** null: a new account's form, tested before it is saved. */
  accountId: string | null;
  /** On the edit form: the form's validated values to test instead of the saved ones (null when a field is invalid). */
  unsavedSettings?: () => Promise<object | null>;
}) {
  const [run, setRun] = useState<RunState>({ kind: "idle" });
  const elapsed = useElapsed(run.kind === "running" ? run.startedAt : null);

  // Leaving the page ends the request: the server then closes the SMPP session at once (not at the bind timeout).
  const inFlight = useRef<AbortController | null>(null);
  useEffect(() => () => inFlight.current?.abort(), []);

  const start = async () => {
    let requestBody = "{}";
    if (unsavedSettings) {
      const settings = await unsavedSettings();
      if (!settings) {
        setRun({ kind: "failed", message: "Some fields are not valid: fix them before testing." });
        return;
      }
      requestBody = JSON.stringify(settings);
    }
    const startedAt = Date.now();
    setRun({ kind: "running", steps: [], startedAt });
    inFlight.current?.abort();
    const request = new AbortController();
    inFlight.current = request;
    try {
      const url = accountId
        ? `/api/v1/accounts/${encodeURIComponent(accountId)}/test-connection`
        : "/api/v1/accounts/test-connection";
      const r = await fetch(url, {
        signal: request.signal,
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/x-ndjson, application/json" },
        body: requestBody,
      });
      if ((r.headers.get("content-type") ?? "").includes("ndjson") && r.body) {
        const result = await readStream(r.body, (step) =>
          setRun((s) => (s.kind === "running" ? { ...s, steps: [...s.steps, step] } : s)),
        );
        setRun(
          "ok" in result
            ? { kind: "done", result }
            : { kind: "failed", message: result.message ?? "The server closed the stream without a result." },
        );
        return;
      }
      const body: unknown = await r.json().catch(() => null);
      const answer = testConnectionAnswerSchema.safeParse(body);
      if (answer.success) {
        setRun({ kind: "done", result: { ...answer.data, ok: answer.data.ok && r.ok } });
        return;
      }
      const fields = Object.entries(apiErrorOf(body)?.fields ?? {}).map(([k, v]) => `${k}: ${v}`);
      setRun({ kind: "failed", message: [apiErrorMessage(body, r.status), ...fields].join(" — ") });
    } catch (e) {
      setRun({ kind: "failed", message: e instanceof UnreadableLine ? e.message : "Could not reach the server." });
    }
  };

  const steps = run.kind === "running" ? run.steps : run.kind === "done" ? run.result.steps : [];
  return (
    <section className="card p-5" aria-labelledby="test-connection-title" data-testid="test-connection">
      <div className="mb-3 flex items-center gap-3">
        <h2 id="test-connection-title" className="text-base font-semibold">
          Test connection
        </h2>
        <button type="button" className="btn-primary ml-auto" onClick={start} disabled={run.kind === "running"}>
          {run.kind === "running" ? "Testing…" : "Test connection"}
        </button>
      </div>
      <p className="mb-3 text-xs text-slate-500">
        Opens a new SMPP session with {unsavedSettings ? "the settings of this form (not saved yet)" : "the saved settings"},
        binds, sends enquire_link and unbinds. Live binds are not touched.
      </p>
      {steps.length > 0 || run.kind === "running" ? (
        <ol className="space-y-1 text-sm" aria-label="Connection steps">
          <StepItems steps={steps} testId="connection-step" />
          {run.kind === "running" ? (
            <li className="flex gap-2 text-slate-500">
              <span aria-hidden>⋯</span>
              <span>Working… {(elapsed / 1000).toFixed(1)} s</span>
            </li>
          ) : null}
        </ol>
      ) : null}
      {run.kind === "done" ? (
        <div className="mt-3">
          <p
            role="status"
            data-testid="test-connection-result"
            className={run.result.ok ? "font-medium text-emerald-700" : "font-medium text-red-700"}
          >
            {run.result.ok
              ? `Connection OK${run.result.smscSystemId ? ` — SMSC system_id “${run.result.smscSystemId}”` : ""}`
              : `Connection failed${run.result.error?.message ? `: ${run.result.error.message}` : failedStep(run.result.steps)}`}
          </p>
          {run.result.trace && run.result.trace.length > 0 ? (
            <details className="mt-3">
              <summary className="cursor-pointer text-sm text-slate-600">Session trace ({run.result.trace.length} PDUs)</summary>
              <div className="mt-2">
                <TraceTable pdus={run.result.trace} label="Test connection trace" />
              </div>
            </details>
          ) : null}
        </div>
      ) : null}
      {run.kind === "failed" ? (
        <p role="status" className="text-sm text-red-700" data-testid="test-connection-result">
          {run.message}
        </p>
      ) : null}
    </section>
  );
}

function failedStep(steps: TestStep[]): string {
  const f = steps.find((s) => !s.ok);
  return f ? ` at ${STEP_LABEL[f.step] ?? f.step}: ${f.detail}` : "";
}

/**
 * Sorts the NDJSON lines: step lines go to `onStep`, the last line is the answer, or the server's own failure
 * (its message, or none when the stream ended without a last line).
 */
async function readStream(
  body: ReadableStream<Uint8Array>,
  onStep: (s: TestStep) => void,
): Promise<TestConnectionAnswer | { message: string | null }> {
  let result: TestConnectionAnswer | { message: string | null } = { message: null };
  await readNdjsonLines(body, testConnectionLineSchema, (line) => {
    if ("steps" in line) result = line;
    else if (line.type === "step") onStep(line);
    else result = { message: line.error.message };
  });
  return result;
}

/** Milliseconds since `since`, ticking while it is set. */
function useElapsed(since: number | null): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (since === null) return;
    const t = setInterval(() => setNow(Date.now()), 100);
    return () => clearInterval(t);
  }, [since]);
  return since === null ? 0 : Math.max(0, now - since);
}
