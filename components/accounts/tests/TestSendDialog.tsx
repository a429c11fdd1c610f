"use client";
import { TransmissionModeOptions } from "@/components/shell/TransmissionModeOptions";
import type { TransmissionMode } from "@/lib/smpp/codec/transmission-mode";
import { useEffect, useRef, useState } from "react";
import { countMessage, countProblem, type CountOptions } from "@/lib/smpp/codec/encoding";
import { ENCODING_LABEL } from "@/lib/accounts/message-counter";
import { normalisePhoneNumber } from "@/lib/smpp/codec/phone";
import { TraceTable } from "../traces/TraceTable";
import type { TracePdu } from "../traces/pdu";
import { readNdjsonLines } from "./ndjson-lines";
import { apiErrorOf, apiErrorMessage, type ApiErrorBody } from "@/lib/http/api-error-body";
import { StepItems } from "./StepItems";
import { STEP_LABEL, type ConnectionStep } from "./test-results";

/** The account's counter settings (countOptionsFor) and what the number and sender fields need. */
export type TestSendSettings = CountOptions & { sendFullPhoneNumber: boolean; sourceNumber: string };

/** The submit_sm_resp of one part (lib/account-tests/test-send.ts). */
interface PartResponse {
  part: number;
  ok: boolean;
  /** `ESME_ROK (0x00000000)`, or null when no submit_sm_resp came. */
  status: string | null;
  messageId: string | null;
  ms: number;
  error?: string;
}

interface TestSendAnswer {
  ok: boolean;
  encoding?: string;
  dataCoding?: number;
  parts?: number;
  characters?: number;
  destination?: string;
  messageIds?: string[];
  responses?: PartResponse[];
  receipt?: {
    received: boolean;
    status: string | null;
    error: string | null;
    delivered: boolean;
    verdict: string;
    raw: string | null;
    ms: number;
    detail: string;
  };
  steps?: ConnectionStep[];
  trace?: TracePdu[];
  error?: ApiErrorBody;
  /** Still streaming: what came so far (steps, submit_sm_resp, receipt), no final answer yet. */
  pending?: boolean;
}

/** Folds one NDJSON line of the test-send stream into the answer shown so far; the last line is the whole answer. */
function withLine(so: TestSendAnswer, line: Record<string, unknown>): TestSendAnswer {
  const { type, ...rest } = line;
  if (type === "step") return { ...so, steps: [...(so.steps ?? []), rest as unknown as ConnectionStep] };
  if (type === "submit_sm_resp") {
    const responses = [...(so.responses ?? []), rest as unknown as PartResponse].sort((a, b) => a.part - b.part);
    return { ...so, responses };
  }
  if (type === "receipt") return { ...so, receipt: rest as unknown as TestSendAnswer["receipt"] };
  if (type === "error")
    return {
      ...so,
      ok: false,
      pending: false,
      error: apiErrorOf(line) ?? { message: "The server could not complete the test." },
    };
  if (Array.isArray(line.steps)) return { ...(line as unknown as TestSendAnswer), ok: line.ok === true, pending: false };
  return so;
}

/** The server's encoding name as the console shows it (an unknown one as sent). */
const encodingLabel = (name: string) => (ENCODING_LABEL as Record<string, string | undefined>)[name] ?? name;

/** Test send: one message through a new session of the account, with its submit_sm_resp(s) and, if asked, the SR. */
export function TestSendDialog({ accountId, settings }: { accountId: string; settings: TestSendSettings }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [to, setTo] = useState("");
  const [toTouched, setToTouched] = useState(false);
  const [from, setFrom] = useState(settings.sourceNumber);
  const [text, setText] = useState("");
  const [mode, setMode] = useState<TransmissionMode>("normal");
  const [waitForReceipt, setWaitForReceipt] = useState(true);
  const [waitSeconds, setWaitSeconds] = useState(30);
  const [sending, setSending] = useState(false);
  const [answer, setAnswer] = useState<TestSendAnswer | null>(null);

  const phone = normalisePhoneNumber(to, { sendFullPhoneNumber: settings.sendFullPhoneNumber });
  const count = countMessage(text, settings);
  const textError = text.length === 0 ? "Text is required" : countProblem(count, settings);
  const waitError =
    waitForReceipt && !(Number.isInteger(waitSeconds) && waitSeconds >= 1 && waitSeconds <= 120)
      ? "Between 1 and 120 seconds"
      : null;
  const canSend = phone.ok && !textError && !waitError && !sending;

  // Closing the dialog (or leaving the page) ends the request, and the server then closes the SMPP session at once
  // instead of holding it up to the bind timeout or the receipt wait.
  const inFlight = useRef<AbortController | null>(null);
  const abandon = () => {
    inFlight.current?.abort();
    inFlight.current = null;
  };
  useEffect(() => abandon, []);

  // A result is shown only under the fields it was sent with (a "Delivered" under a text that was never sent
  // misleads): an edit once the send has ended hides it. While a send runs, its answer keeps coming in.
  const inputs = JSON.stringify([to, from, text, mode, waitForReceipt, waitSeconds]);
  const [answerFor, setAnswerFor] = useState("");
  const shown = answer && (sending || answerFor === inputs) ? answer : null;

  const send = async () => {
    setToTouched(true);
    if (!canSend) return;
    abandon();
    const request = new AbortController();
    inFlight.current = request;
    setSending(true);
    setAnswer(null);
    setAnswerFor(inputs);
    try {
      const r = await fetch(`/api/v1/accounts/${encodeURIComponent(accountId)}/test-send`, {
        signal: request.signal,
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/x-ndjson, application/json" },
        body: JSON.stringify({
          to,
          text,
          from: from === "" ? undefined : from,
          waitForReceiptSeconds: waitForReceipt ? waitSeconds : 0,
          transmissionMode: mode,
        }),
      });
      // Streamed: steps, each submit_sm_resp and the receipt show as they happen, the last line is the answer.
      if ((r.headers.get("content-type") ?? "").includes("ndjson") && r.body) {
        let live: TestSendAnswer = { ok: false, pending: true, steps: [], responses: [] };
        setAnswer(live);
        await readNdjsonLines(r.body, (line) => {
          live = withLine(live, line);
          setAnswer(live);
        });
        if (live.pending)
          setAnswer({ ...live, ok: false, pending: false, error: { message: "The server closed the stream without a result." } });
        return;
      }
      const body = (await r.json().catch(() => null)) as TestSendAnswer | null;
      const err = apiErrorOf(body);
      setAnswer({
        ...(body ?? { ok: false }),
        ok: r.ok && body?.ok === true,
        error: err ?? (r.ok ? undefined : { message: apiErrorMessage(body, r.status) }),
      });
    } catch {
      if (request.signal.aborted) setAnswer(null);
      else setAnswer({ ok: false, error: { message: "Could not reach the server." } });
    } finally {
      setSending(false);
    }
  };

  return (
    <>
      <button type="button" className="btn-primary" onClick={() => dialog.current?.showModal()}>
        Test send
      </button>
      <dialog
        ref={dialog}
        aria-labelledby="test-send-title"
        onClose={abandon}
        className="m-auto w-full max-w-2xl rounded-lg border border-slate-200 p-0 shadow-xl backdrop:bg-slate-900/40"
      >
        <form
          method="dialog"
          className="space-y-3 p-5"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void send();
          }}
        >
          <div className="flex items-center">
            <h2 id="test-send-title" className="text-base font-semibold">
              Test send
            </h2>
            <button type="button" className="btn ml-auto" onClick={() => dialog.current?.close()}>
              Close
            </button>
          </div>
          <div>
            <label htmlFor="test-send-to">Destination number</label>
            <input
              id="test-send-to"
              className={`input mt-1 ${toTouched && !phone.ok ? "input-error" : ""}`}
              value={to}
              placeholder="+33 6 12 34 56 78"
              inputMode="tel"
              onChange={(e) => setTo(e.target.value)}
              onBlur={() => setToTouched(true)}
            />
            {toTouched && !phone.ok ? (
              <p className="field-error" role="alert">
                {phone.error}
              </p>
            ) : null}
            {phone.ok ? (
              <p className="mt-1 text-xs text-slate-500">
                Sent as <span className="font-mono">{phone.number}</span>
              </p>
            ) : null}
          </div>
          <div>
            <label htmlFor="test-send-from">Sender</label>
            <input id="test-send-from" className="input mt-1" value={from} onChange={(e) => setFrom(e.target.value)} />
            <p className="mt-1 text-xs text-slate-500">Defaults to the account’s source number.</p>
          </div>
          <div>
            <label htmlFor="test-send-text">Text</label>
            <textarea
              id="test-send-text"
              rows={4}
              className={`input mt-1 ${text && textError ? "input-error" : ""}`}
              value={text}
              onChange={(e) => setText(e.target.value)}
            />
            <p className="mt-1 text-xs text-slate-600" data-testid="test-send-counter">
              {count.encoding
                ? `${ENCODING_LABEL[count.encoding]} (data_coding ${count.dataCoding}) · ${count.characters} characters · ${count.parts} part${count.parts === 1 ? "" : "s"} of up to ${count.perPart}${count.transliterated ? " · transliterated" : ""}`
                : "No encoding"}
            </p>
            {text && textError ? <p className="field-error">{textError}</p> : null}
          </div>
          <div>
            <label htmlFor="test-send-mode">Transmission mode</label>
            <select
              id="test-send-mode"
              className="input mt-1"
              value={mode}
              onChange={(e) => setMode(e.target.value as TransmissionMode)}
            >
              <TransmissionModeOptions />
            </select>
          </div>
          <div className="flex flex-wrap items-center gap-3">
            <label className="flex items-center gap-2">
              <input type="checkbox" checked={waitForReceipt} onChange={(e) => setWaitForReceipt(e.target.checked)} />
              Wait for the status report
            </label>
            {waitForReceipt ? (
              <span className="flex items-center gap-1 text-sm">
                <label htmlFor="test-send-wait" className="sr-only">
                  Seconds to wait
                </label>
                up to
                <input
                  id="test-send-wait"
                  type="number"
                  min={1}
                  max={120}
                  className="input w-20"
                  value={Number.isNaN(waitSeconds) ? "" : waitSeconds}
                  onChange={(e) => setWaitSeconds(e.target.valueAsNumber)}
                />
                seconds
              </span>
            ) : null}
            {waitError ? <p className="field-error">{waitError}</p> : null}
          </div>
          <div className="flex items-center gap-3">
            <button type="submit" className="btn-primary" disabled={!canSend}>
              {sending ? (waitForReceipt ? "Sending, waiting for the SR…" : "Sending…") : "Send"}
            </button>
          </div>
          {shown ? <TestSendResult answer={shown} /> : null}
        </form>
      </dialog>
    </>
  );
}

function TestSendResult({ answer }: { answer: TestSendAnswer }) {
  const responses = answer.responses ?? [];
  const fieldErrors = Object.entries(answer.error?.fields ?? {});
  const failedStep = answer.steps?.find((st) => !st.ok);
  return (
    <div className="space-y-3 border-t border-slate-200 pt-3 text-sm" data-testid="test-send-result">
      <p
        role="status"
        className={answer.pending ? "text-slate-600" : answer.ok ? "font-medium text-emerald-700" : "font-medium text-red-700"}
      >
        {answer.pending
          ? "Sending…"
          : answer.ok
            ? `Sent to ${answer.destination ?? "the SMSC"}`
            : `Not sent${answer.error?.message ? `: ${answer.error.message}` : ""}`}
        {answer.encoding
          ? ` · ${encodingLabel(answer.encoding)} (data_coding ${answer.dataCoding}) · ${answer.parts} part${answer.parts === 1 ? "" : "s"}`
          : ""}
      </p>
      {fieldErrors.length > 0 ? (
        <ul className="field-error">
          {fieldErrors.map(([k, v]) => (
            <li key={k}>
              {k}: {v}
            </li>
          ))}
        </ul>
      ) : null}
      {answer.steps && answer.steps.length > 0 ? (
        <ol className="space-y-0.5 text-xs" aria-label="Session steps">
          <StepItems steps={answer.steps} testId="test-send-step" compact />
        </ol>
      ) : null}
      {failedStep && !answer.ok && !answer.pending ? (
        <p className="text-xs text-red-700">
          Failed at {STEP_LABEL[failedStep.step] ?? failedStep.step}: {failedStep.detail}
        </p>
      ) : null}
      {responses.length > 0 ? (
        <table className="w-full text-xs" aria-label="submit_sm_resp of each part">
          <thead className="border-b text-left text-slate-500">
            <tr>
              <th className="px-2 py-1">Part</th>
              <th className="px-2 py-1">submit_sm_resp</th>
              <th className="px-2 py-1">Message id</th>
              <th className="px-2 py-1 text-right">Time</th>
            </tr>
          </thead>
          <tbody className="font-mono">
            {responses.map((p) => (
              <tr key={p.part} className="border-b border-slate-100" data-testid="test-send-part">
                <td className="px-2 py-1">{p.part}</td>
                <td className={`px-2 py-1 ${p.ok ? "" : "text-red-700"}`}>{p.status ?? p.error ?? "no answer"}</td>
                <td className="px-2 py-1">{p.messageId ?? "—"}</td>
                <td className="px-2 py-1 text-right">{p.ms} ms</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {answer.receipt ? (
        <div
          data-testid="test-send-receipt"
          data-verdict={answer.receipt.received ? (answer.receipt.delivered ? "delivered" : "bounced") : "none"}
        >
          <p
            className={
              answer.receipt.delivered
                ? "font-medium text-emerald-700"
                : answer.receipt.received
                  ? "font-medium text-red-700"
                  : "text-slate-600"
            }
          >
            Status report: {answer.receipt.detail}
            <span className="ml-2 text-xs font-normal text-slate-500">after {answer.receipt.ms} ms</span>
          </p>
          {answer.receipt.raw ? (
            <pre className="mt-1 whitespace-pre-wrap break-all text-xs text-slate-500">{answer.receipt.raw}</pre>
          ) : null}
        </div>
      ) : null}
      {answer.trace && answer.trace.length > 0 ? (
        <details>
          <summary className="cursor-pointer text-slate-600">Session trace ({answer.trace.length} PDUs)</summary>
          <div className="mt-2 max-h-72 overflow-y-auto">
            <TraceTable pdus={answer.trace} label="Test send trace" />
          </div>
        </details>
      ) : null}
    </div>
  );
}
