"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { FormProvider, useForm, useWatch } from "react-hook-form";
import { z } from "zod";
import type { DeliveryAccountOption } from "@/lib/deliveries/account-options";
import { csvHeaderColumns, newDeliverySchema, pickPhoneColumn } from "@/lib/deliveries/schema";
import { apiErrorMessage, apiErrorOf } from "@/lib/http/api-error-body";
import { countMessage, countProblem } from "@/lib/smpp/codec/encoding";
import { ENCODING_LABEL } from "@/lib/accounts/message-counter";
import type { DeliveryPreview } from "@/lib/deliveries/preview";
import { formatDuration } from "@/lib/format-duration";
import { personalisation, templateProblem } from "@/lib/deliveries/message-template";
import { SendingOptions, SENDING_OPTION_DEFAULTS, SENDING_OPTION_FIELDS } from "./SendingOptions";

const formSchema = newDeliverySchema
  .pick({
    accountId: true,
    name: true,
    text: true,
    from: true,
    serviceId: true,
    transmissionMode: true,
    validityPeriodSeconds: true,
    maxParts: true,
    optionalTlvs: true,
    retryCount: true,
    retryPeriodSeconds: true,
  })
  .extend({
    source: z.enum(["paste", "csv"]),
    pasted: z.string(),
    phoneColumn: z.string(),
    /** A datetime-local value (the browser's time zone), "" = at once. */
    scheduledAt: z.string(),
  });
type FormInput = z.input<typeof formSchema>;
type FormOutput = z.output<typeof formSchema>;

/** Pasted numbers: one per line, or separated by commas, semicolons or tabs. */
function pastedNumbers(text: string): string[] {
  return text
    .split(/[\n\r,;\t]+/)
    .map((s) => s.trim())
    .filter((s) => s !== "");
}

/** The sending options of the form's values, as the API takes them. */
function sendingOptions(v: FormOutput) {
  return Object.fromEntries(SENDING_OPTION_FIELDS.map((f) => [f, v[f]]));
}

export function NewDeliveryForm({ accounts }: { accounts: DeliveryAccountOption[] }) {
  const router = useRouter();
  const firstEnabled = accounts.find((a) => a.enabled) ?? accounts[0];
  const [file, setFile] = useState<File | null>(null);
  const [columns, setColumns] = useState<string[]>([]);
  const [fileError, setFileError] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  /** The confirmation step: what the dry-run found; the fields are locked while it is shown. */
  const [review, setReview] = useState<DeliveryPreview | null>(null);
  const [sending, setSending] = useState(false);
  const methods = useForm<FormInput, unknown, FormOutput>({
    resolver: zodResolver(formSchema),
    defaultValues: {
      accountId: firstEnabled.id,
      name: "",
      scheduledAt: "",
      text: "",
      from: "",
      source: "paste",
      pasted: "",
      phoneColumn: "",
      ...SENDING_OPTION_DEFAULTS,
    },
  });
  const {
    register,
    handleSubmit,
    control,
    setValue,
    setError,
    formState: { errors, isSubmitting },
  } = methods;

  const [accountId, text = "", source, pasted = "", maxPartsInput] = useWatch({
    control,
    name: ["accountId", "text", "source", "pasted", "maxParts"],
  });
  const account = accounts.find((a) => a.id === accountId) ?? firstEnabled;
  // "Maximum number of SMS per message" of the delivery, when set, replaces the account's in the counter.
  const maxParts = Number(maxPartsInput);
  const counter =
    maxPartsInput !== "" && maxPartsInput !== null && Number.isInteger(maxParts) && maxParts >= 1
      ? { ...account.counter, maxParts, maxPartsFrom: "delivery" as const }
      : account.counter;
  // A personalised text is counted with its placeholders empty here; the review counts each message.
  const { template, shortest } = personalisation(text);
  const personalised = template !== null;
  const count = countMessage(shortest, counter);
  // Before a CSV is chosen its columns are unknown: only the text's own syntax is checked.
  const placeholderProblem = templateProblem(text, source === "csv" ? (columns.length > 0 ? columns : "any") : null);
  const textProblem = text.length === 0 ? null : (placeholderProblem ?? (shortest === "" ? null : countProblem(count, counter)));
  const numbers = source === "paste" ? pastedNumbers(pasted) : [];

  /** Puts `{column}` at the text's cursor (or its end). */
  const insertColumn = (column: string) => {
    const area = document.getElementById("text") as HTMLTextAreaElement | null;
    const at = area?.selectionStart ?? text.length;
    const end = area?.selectionEnd ?? at;
    const placeholder = `{${column}}`;
    setValue("text", text.slice(0, at) + placeholder + text.slice(end), { shouldDirty: true, shouldValidate: true });
    requestAnimationFrame(() => {
      area?.focus();
      area?.setSelectionRange(at + placeholder.length, at + placeholder.length);
    });
  };

  const onFile = async (f: File | null) => {
    setFile(f);
    setColumns([]);
    setFileError(null);
    if (!f) return;
    // Only the start of the file is read here: the header line.
    const head = await f.slice(0, 64 * 1024).text();
    const cols = csvHeaderColumns(head.split(/\r?\n/)[0] ?? "");
    if (cols.length === 0 || (cols.length === 1 && cols[0] === "")) {
      setFileError("The file has no header line");
      return;
    }
    setColumns(cols);
    const guess = pickPhoneColumn(cols);
    setValue("phoneColumn", guess.ok ? guess.column : cols[0]);
  };

  /** The request of the form's values (the same body for the preview and the creation), or null after an error shown. */
  const requestOf = (v: FormOutput): RequestInit | null => {
    const scheduledAt = v.scheduledAt ? new Date(v.scheduledAt) : null;
    if (scheduledAt && Number.isNaN(scheduledAt.getTime())) {
      setError("scheduledAt", { message: "Not a date and time" });
      return null;
    }
    const common = { accountId: v.accountId, name: v.name, text: v.text, from: v.from };
    if (v.source === "paste") {
      if (numbers.length === 0) {
        setError("pasted", { message: "Add at least one recipient" });
        return null;
      }
      return {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          ...common,
          scheduledAt: scheduledAt?.toISOString() ?? null,
          recipients: numbers,
          ...sendingOptions(v),
        }),
      };
    }
    if (!file) {
      setFileError("Choose a CSV file");
      return null;
    }
    const form = new FormData();
    for (const [k, value] of Object.entries(common)) form.set(k, value);
    if (scheduledAt) form.set("scheduledAt", scheduledAt.toISOString());
    form.set("phoneColumn", v.phoneColumn);
    for (const [k, value] of Object.entries(sendingOptions(v)))
      if (value !== null) form.set(k, typeof value === "object" ? JSON.stringify(value) : String(value));
    form.set("file", file, file.name);
    return { method: "POST", body: form };
  };

  /** POSTs the form to `path`; the answer's body when it succeeded, else null with the errors shown by their fields. */
  const post = async (path: string, v: FormOutput): Promise<unknown> => {
    setFormError(null);
    if (textProblem) return null;
    const init = requestOf(v);
    if (!init) return null;
    let res: Response;
    try {
      res = await fetch(path, init);
    } catch {
      setFormError("Could not reach the server.");
      return null;
    }
    const body = (await res.json().catch(() => null)) as unknown;
    if (res.ok && body) return body;
    setReview(null);
    const fields = apiErrorOf(body)?.fields ?? {};
    for (const [k, message] of Object.entries(fields)) {
      if (k === "recipients") setError("pasted", { message });
      else if (k === "file") setFileError(message);
      else if (["accountId", "name", "scheduledAt", "text", "from", "phoneColumn"].includes(k))
        setError(k as "accountId", { message });
      else if (SENDING_OPTION_FIELDS.some((f) => k === f || k.startsWith(`${f}.`)))
        setError(k as Parameters<typeof setError>[0], { message });
    }
    setFormError(apiErrorMessage(body, res.status));
    return null;
  };

  const onReview = async (v: FormOutput) => {
    const body = (await post("/api/v1/deliveries/preview", v)) as DeliveryPreview | null;
    if (body) setReview(body);
  };

  const onSend = handleSubmit(async (v) => {
    setSending(true);
    try {
      const body = (await post("/api/v1/deliveries", v)) as { id?: string } | null;
      if (body?.id) router.push(`/deliveries/${body.id}`);
    } finally {
      setSending(false);
    }
  });

  return (
    <FormProvider {...methods}>
      <form className="card space-y-5 p-5" noValidate onSubmit={handleSubmit(onReview)}>
        {formError && (
          <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">
            {formError}
          </p>
        )}
        <fieldset disabled={review !== null} className="space-y-5">
          <div>
            <label htmlFor="name">Name</label>
            <input id="name" className="input mt-1" maxLength={100} placeholder="Delivery of <date>" {...register("name")} />
            {errors.name && <p className="field-error">{errors.name.message}</p>}
          </div>

          <div>
            <label htmlFor="accountId">SMS account</label>
            <select id="accountId" className="input mt-1" {...register("accountId")}>
              {accounts.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.label}
                  {a.enabled ? "" : " (disabled)"}
                </option>
              ))}
            </select>
            {errors.accountId && <p className="field-error">{errors.accountId.message}</p>}
            {!account.enabled && (
              <p className="field-warning">This account is disabled: the delivery waits until it is enabled and bound.</p>
            )}
          </div>

          <div>
            <label htmlFor="from">Sender</label>
            <input
              id="from"
              className="input mt-1"
              placeholder={account.sourceNumber || "the account's source number"}
              {...register("from")}
            />
            {errors.from && <p className="field-error">{errors.from.message}</p>}
          </div>

          <div>
            <label htmlFor="text">Text</label>
            <textarea
              id="text"
              rows={4}
              className={`input mt-1 ${errors.text || textProblem ? "input-error" : ""}`}
              {...register("text")}
            />
            <p data-testid="message-counter" className="mt-1 text-xs text-slate-500">
              {personalised ? "Personalised: without its placeholders, " : ""}
              {count.encoding ? ENCODING_LABEL[count.encoding] : "No encoding"} · {count.characters} characters · {count.parts}{" "}
              SMS
              {count.parts > 0 ? ` (${count.perPart} characters per part)` : ""}
              {count.transliterated ? " · transliterated" : ""}
              {personalised ? " — the review counts each message" : ""}
            </p>
            {source === "csv" && columns.length > 0 && (
              <div className="mt-2 flex flex-wrap items-center gap-1.5 text-xs" data-testid="personalisation-columns">
                <span className="text-slate-500">Insert a CSV column:</span>
                {columns.map((c) => (
                  <button
                    key={c}
                    type="button"
                    className="rounded border border-slate-300 bg-white px-1.5 py-0.5 font-mono text-slate-700 hover:bg-slate-50"
                    onClick={() => insertColumn(c)}
                  >
                    {`{${c}}`}
                  </button>
                ))}
              </div>
            )}
            {(errors.text || textProblem) && <p className="field-error">{errors.text?.message ?? textProblem}</p>}
          </div>

          <fieldset className="space-y-3">
            <legend className="text-sm font-medium text-slate-700">Recipients</legend>
            <div className="flex gap-4 text-sm">
              <label className="flex items-center gap-1.5 font-normal">
                <input type="radio" value="paste" {...register("source")} /> Paste numbers
              </label>
              <label className="flex items-center gap-1.5 font-normal">
                <input type="radio" value="csv" {...register("source")} /> Upload a CSV file
              </label>
            </div>
            {source === "paste" ? (
              <div>
                <label htmlFor="pasted" className="sr-only">
                  Phone numbers
                </label>
                <textarea
                  id="pasted"
                  rows={6}
                  className="input font-mono"
                  placeholder={"+33612345678\n+447700900123"}
                  {...register("pasted")}
                />
                <p className="mt-1 text-xs text-slate-500">
                  {numbers.length.toLocaleString("en")} number{numbers.length === 1 ? "" : "s"} (invalid numbers and duplicates
                  are listed and skipped)
                </p>
                {errors.pasted && <p className="field-error">{errors.pasted.message}</p>}
              </div>
            ) : (
              <div className="space-y-3">
                <div>
                  <label htmlFor="csv-file">CSV file</label>
                  <input
                    id="csv-file"
                    type="file"
                    accept=".csv,text/csv,text/plain"
                    className="mt-1 block text-sm"
                    onChange={(e) => void onFile(e.target.files?.[0] ?? null)}
                  />
                  {fileError && <p className="field-error">{fileError}</p>}
                </div>
                {columns.length > 0 && (
                  <div>
                    <label htmlFor="phoneColumn">Phone column</label>
                    <select id="phoneColumn" className="input mt-1" {...register("phoneColumn")}>
                      {columns.map((c) => (
                        <option key={c} value={c}>
                          {c}
                        </option>
                      ))}
                    </select>
                    {errors.phoneColumn && <p className="field-error">{errors.phoneColumn.message}</p>}
                  </div>
                )}
              </div>
            )}
          </fieldset>

          <div>
            <label htmlFor="scheduledAt">Scheduled start</label>
            <input id="scheduledAt" type="datetime-local" step={1} className="input mt-1 w-auto" {...register("scheduledAt")} />
            <p className="mt-1 text-xs text-slate-500">Your time zone; empty: sent as soon as the recipients are imported.</p>
            {errors.scheduledAt && <p className="field-error">{errors.scheduledAt.message}</p>}
          </div>

          <SendingOptions />
        </fieldset>

        {review ? (
          <ReviewPanel review={review} sending={sending} onEdit={() => setReview(null)} onSend={() => void onSend()} />
        ) : (
          <div className="flex justify-end gap-2">
            <button type="submit" className="btn-primary" disabled={isSubmitting}>
              {isSubmitting ? "Checking…" : "Review"}
            </button>
          </div>
        )}
      </form>
    </FormProvider>
  );
}

/** The confirmation step: the recipients as the import will find them, the message, the estimated duration. */
function ReviewPanel({
  review,
  sending,
  onEdit,
  onSend,
}: {
  review: DeliveryPreview;
  sending: boolean;
  onEdit: () => void;
  onSend: () => void;
}) {
  const r = review.recipients;
  const m = review.message;
  const e = review.estimate;
  const rows: [string, string, number][] = [
    ["valid", "Valid", r.valid],
    ["invalid", "Invalid", r.invalid],
    ["duplicates", "Duplicates", r.duplicates],
    ["quarantined", "Quarantined", r.quarantined],
  ];
  return (
    <section data-testid="delivery-review" className="space-y-3 rounded-md border border-indigo-200 bg-indigo-50/50 p-4">
      <h2 className="text-sm font-semibold text-slate-800">Review before sending</h2>
      <dl className="grid grid-cols-2 gap-2 text-sm sm:grid-cols-4">
        {rows.map(([key, label, value]) => (
          <div key={key}>
            <dt className="text-xs text-slate-500">{label}</dt>
            <dd data-testid={`review-${key}`} className="text-lg font-semibold tabular-nums">
              {value.toLocaleString("en")}
            </dd>
          </div>
        ))}
      </dl>
      <p data-testid="review-message" className="text-sm text-slate-700">
        {review.samples.length > 0
          ? "Personalised: each message counted"
          : `${m.encoding ? ENCODING_LABEL[m.encoding] : "No encoding"} · ${m.parts} SMS per message`}{" "}
        · {e.messages.toLocaleString("en")} SMS in all
      </p>
      <p data-testid="review-duration" className="text-sm text-slate-700">
        {e.seconds === null
          ? "No MT/s limit on this account: as fast as the SMSC answers"
          : `About ${formatDuration(e.seconds)} at ${e.mtPerSecond.toLocaleString("en")} MT/s (${e.connections} connection${e.connections === 1 ? "" : "s"})`}
        {review.scheduledAt ? `, starting ${new Date(review.scheduledAt).toLocaleString()}` : ""}
      </p>
      {review.samples.length > 0 && (
        <div data-testid="review-samples" className="space-y-1.5">
          <h3 className="text-xs font-medium text-slate-600">
            The first {review.samples.length === 1 ? "message" : `${review.samples.length} messages`}
          </h3>
          <ol className="space-y-1.5">
            {review.samples.map((sample) => (
              <li key={sample.line} data-testid="review-sample" className="rounded border border-slate-200 bg-white p-2 text-sm">
                <div className="flex flex-wrap justify-between gap-2 text-xs text-slate-500">
                  <span className="font-mono">
                    {sample.number} (line {sample.line})
                  </span>
                  <span data-testid="review-sample-count">
                    {sample.message.encoding ? ENCODING_LABEL[sample.message.encoding] : "No encoding"} ·{" "}
                    {sample.message.characters} characters · {sample.message.parts} SMS
                  </span>
                </div>
                <p data-testid="review-sample-text" className="mt-1 whitespace-pre-wrap break-words text-slate-800">
                  {sample.text}
                </p>
                {sample.problem && <p className="field-error">{sample.problem}</p>}
              </li>
            ))}
          </ol>
        </div>
      )}
      {review.unsendable > 0 && (
        <p data-testid="review-unsendable" className="field-warning">
          {review.unsendable.toLocaleString("en")} personalised message{review.unsendable === 1 ? "" : "s"} cannot be sent with
          this account (too long or not encodable): {review.unsendable === 1 ? "it" : "they"} would fail.
        </p>
      )}
      {r.valid === 0 && <p className="field-warning">No valid recipient: nothing would be sent.</p>}
      <div className="flex justify-end gap-2">
        <button type="button" className="btn" onClick={onEdit} disabled={sending}>
          Edit
        </button>
        <button type="button" className="btn-primary" onClick={onSend} disabled={sending || r.valid === 0}>
          {sending ? "Sending…" : "Send"}
        </button>
      </div>
    </section>
  );
}
