"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { useEffect, useRef, useState } from "react";
import { useForm, useWatch } from "react-hook-form";
import { z } from "zod";
import { TransmissionModeOptions } from "@/components/shell/TransmissionModeOptions";
import { countMessage, countProblem, type CountOptions } from "@/lib/smpp/codec/encoding";
import { ENCODING_LABEL } from "@/lib/accounts/message-counter";
import { normalisePhoneNumber } from "@/lib/smpp/codec/phone";
import {
  TEST_SEND_MAX_WAIT_SECONDS,
  testSendAnswerSchema,
  testSendBodySchema,
  testSendLineSchema,
  type TestSendAnswer,
  type TestSendBody,
  type TestSendLine,
} from "@/lib/account-tests/answers";
import { apiErrorOf, apiErrorMessage, type ApiErrorBody } from "@/lib/http/api-error-body";
import { TraceTable } from "../traces/TraceTable";
import { readNdjsonLines, UnreadableLine } from "./ndjson-lines";
import { STEP_LABEL, StepItems } from "./StepItems";
import { TableHead } from "@/components/shell/TableHead";

/** The account's counter settings (countOptionsFor) and what the number and sender fields need. */
export type TestSendSettings = CountOptions & { sendFullPhoneNumber: boolean; sourceNumber: string };

/**
 * The dialog's form: the API's own body schema, its number and text checked with the account's settings as the
 * server will check them, plus whether to wait for the status report (the seconds count only when it is ticked).
 */
function testSendFormSchema(settings: TestSendSettings) {
  const body = testSendBodySchema.shape;
  return testSendBodySchema
    .extend({
      to: body.to.superRefine((to, ctx) => {
        const phone = normalisePhoneNumber(to, { sendFullPhoneNumber: settings.sendFullPhoneNumber });
        if (!phone.ok) ctx.addIssue({ code: "custom", message: phone.error });
      }),
      text: body.text.superRefine((text, ctx) => {
        const problem = text.length === 0 ? "Text is required" : countProblem(countMessage(text, settings), settings);
        if (problem) ctx.addIssue({ code: "custom", message: problem });
      }),
      waitForReceipt: z.boolean(),
    })
    .refine((v) => !v.waitForReceipt || v.waitForReceiptSeconds >= 1, {
      path: ["waitForReceiptSeconds"],
      error: `Between 1 and ${TEST_SEND_MAX_WAIT_SECONDS} seconds`,
    });
}
type FormSchema = ReturnType<typeof testSendFormSchema>;
type FormInput = z.input<FormSchema>;
type FormValues = z.output<FormSchema>;

/** What the dialog shows: the answer so far while it streams, then the whole answer, or why there is none. */
type Shown = Partial<Omit<TestSendAnswer, "ok" | "error">> & { ok: boolean; pending: boolean; error?: ApiErrorBody };

/** Folds one NDJSON line of the test-send stream into what is shown so far; the last line is the whole answer. */
function withLine(so: Shown, line: TestSendLine): Shown {
  if ("steps" in line) return { ...line, pending: false };
  switch (line.type) {
    case "step":
      return { ...so, steps: [...(so.steps ?? []), line] };
    case "submit_sm_resp":
      return { ...so, responses: [...(so.responses ?? []), line].sort((a, b) => a.part - b.part) };
    case "receipt":
      return { ...so, receipt: line };
    case "error":
      return { ...so, ok: false, pending: false, error: line.error };
  }
}

/** The server's encoding name as the console shows it (an unknown one as sent). */
const encodingLabel = (name: string) => (ENCODING_LABEL as Record<string, string | undefined>)[name] ?? name;

/** The request body of the form's values: no wait unless asked, the account's source number for an empty sender. */
function bodyOf({ waitForReceipt, ...v }: FormValues): TestSendBody {
  return { ...v, from: v.from || undefined, waitForReceiptSeconds: waitForReceipt ? v.waitForReceiptSeconds : 0 };
}

/** Test send: one message through a new session of the account, with its submit_sm_resp(s) and, if asked, the SR. */
export function TestSendDialog({ accountId, settings }: { accountId: string; settings: TestSendSettings }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [schema] = useState(() => testSendFormSchema(settings));
  const form = useForm<FormInput, unknown, FormValues>({
    resolver: zodResolver(schema),
    mode: "onTouched",
    defaultValues: {
      to: "",
      from: settings.sourceNumber,
      text: "",
      transmissionMode: "normal",
      waitForReceipt: true,
      waitForReceiptSeconds: 30,
    },
  });
  const { register, handleSubmit, setError, formState, control } = form;
  const { errors } = formState;
  const [sending, setSending] = useState(false);
  const [answer, setAnswer] = useState<Shown | null>(null);

  const values = useWatch({ control });
  const phone = normalisePhoneNumber(values.to ?? "", { sendFullPhoneNumber: settings.sendFullPhoneNumber });
  const count = countMessage(values.text ?? "", settings);
  const valid = schema.safeParse(values).success;

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
  const inputs = JSON.stringify(values);
  const [answerFor, setAnswerFor] = useState("");
  const shown = answer && (sending || answerFor === inputs) ? answer : null;

  /** A 422 names the fields it refused: their errors go next to them. */
  const showFieldErrors = (error: ApiErrorBody | null) => {
    const isField = (name: string): name is keyof FormInput => name in schema.shape;
    for (const [field, message] of Object.entries(error?.fields ?? {}))
      if (isField(field)) setError(field, { type: "server", message });
  };

  const send = async (v: FormValues) => {
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
        body: JSON.stringify(bodyOf(v)),
      });
      // Streamed: steps, each submit_sm_resp and the receipt show as they happen, the last line is the answer.
      if ((r.headers.get("content-type") ?? "").includes("ndjson") && r.body) {
        let live: Shown = { ok: false, pending: true, steps: [], responses: [] };
        setAnswer(live);
        await readNdjsonLines(r.body, testSendLineSchema, (line) => {
          live = withLine(live, line);
          setAnswer(live);
        });
        if (live.pending)
          setAnswer({ ...live, ok: false, pending: false, error: { message: "The server closed the stream without a result." } });
        return;
      }
      const body: unknown = await r.json().catch(() => null);
      const parsed = testSendAnswerSchema.safeParse(body);
      if (parsed.success) {
        setAnswer({ ...parsed.data, ok: r.ok && parsed.data.ok, pending: false });
        return;
      }
      const error = apiErrorOf(body);
      showFieldErrors(error);
      setAnswer({ ok: false, pending: false, error: { ...error, message: apiErrorMessage(body, r.status) } });
    } catch (e) {
      if (request.signal.aborted) setAnswer(null);
      else
        setAnswer({
          ok: false,
          pending: false,
          error: { message: e instanceof UnreadableLine ? e.message : "Could not reach the server." },
        });
    } finally {
      setSending(false);
    }
  };

  const waitForReceipt = values.waitForReceipt === true;
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
        <form method="dialog" className="space-y-3 p-5" noValidate onSubmit={(e) => void handleSubmit(send)(e)}>
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
              className={`input mt-1 ${errors.to ? "input-error" : ""}`}
              placeholder="+33 6 12 34 56 78"
              inputMode="tel"
              aria-invalid={errors.to ? true : undefined}
              {...register("to")}
            />
            {errors.to ? (
              <p className="field-error" role="alert">
                {errors.to.message}
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
            <input
              id="test-send-from"
              className={`input mt-1 ${errors.from ? "input-error" : ""}`}
              aria-invalid={errors.from ? true : undefined}
              {...register("from")}
            />
            {errors.from ? <p className="field-error">{errors.from.message}</p> : null}
            <p className="mt-1 text-xs text-slate-500">Defaults to the account’s source number.</p>
          </div>
          <div>
            <label htmlFor="test-send-text">Text</label>
            <textarea
              id="test-send-text"
              rows={4}
              className={`input mt-1 ${errors.text ? "input-error" : ""}`}
              aria-invalid={errors.text ? true : undefined}
              {...register("text")}
            />
            <p className="mt-1 text-xs text-slate-600" data-testid="test-send-counter">
              {count.encoding
                ? `${ENCODING_LABEL[count.encoding]} (data_coding ${count.dataCoding}) · ${count.characters} characters · ${count.parts} part${count.parts === 1 ? "" : "s"} of up to ${count.perPart}${count.transliterated ? " · transliterated" : ""}`
                : "No encoding"}
            </p>
            {errors.text ? <p className="field-error">{errors.text.message}</p> : null}
          </div>
          <div>
            <label htmlFor="test-send-mode">Transmission mode</label>
            <select id="test-send-mode" className="input mt-1" {...register("transmissionMode")}>
              <TransmissionModeOptions />
            </select>
          </div>
          <div className="flex flex-wrap items-center gap-3">
            <label className="flex items-center gap-2">
              <input type="checkbox" {...register("waitForReceipt")} />
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
                  max={TEST_SEND_MAX_WAIT_SECONDS}
                  className={`input w-20 ${errors.waitForReceiptSeconds ? "input-error" : ""}`}
                  {...register("waitForReceiptSeconds", { valueAsNumber: true })}
                />
                seconds
              </span>
            ) : null}
            {waitForReceipt && errors.waitForReceiptSeconds ? (
              <p className="field-error">{errors.waitForReceiptSeconds.message}</p>
            ) : null}
          </div>
          <div className="flex items-center gap-3">
            <button type="submit" className="btn-primary" disabled={sending || !valid}>
              {sending ? (waitForReceipt ? "Sending, waiting for the SR…" : "Sending…") : "Send"}
            </button>
          </div>
          {shown ? <TestSendResult answer={shown} /> : null}
        </form>
      </dialog>
    </>
  );
}

function TestSendResult({ answer }: { answer: Shown }) {
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
          <TableHead style="compact" columns={["Part", "submit_sm_resp", "Message id", ["Time", "text-right"]]} />
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
