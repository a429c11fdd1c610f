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
import { SendingOptions, SENDING_OPTION_DEFAULTS, SENDING_OPTION_FIELDS } from "./SendingOptions";

const formSchema = newDeliverySchema
  .pick({
    accountId: true,
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
  const methods = useForm<FormInput, unknown, FormOutput>({
    resolver: zodResolver(formSchema),
    defaultValues: {
      accountId: firstEnabled.id,
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
  const count = countMessage(text, counter);
  const textProblem = text.length === 0 ? null : countProblem(count, counter);
  const numbers = source === "paste" ? pastedNumbers(pasted) : [];

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

  const submit = async (v: FormOutput) => {
    setFormError(null);
    if (textProblem) return;
    let res: Response;
    try {
      if (v.source === "paste") {
        if (numbers.length === 0) {
          setError("pasted", { message: "Add at least one recipient" });
          return;
        }
        res = await fetch("/api/v1/deliveries", {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({
            accountId: v.accountId,
            text: v.text,
            from: v.from,
            recipients: numbers,
            ...sendingOptions(v),
          }),
        });
      } else {
        if (!file) {
          setFileError("Choose a CSV file");
          return;
        }
        const form = new FormData();
        form.set("accountId", v.accountId);
        form.set("text", v.text);
        form.set("from", v.from);
        form.set("phoneColumn", v.phoneColumn);
        for (const [k, value] of Object.entries(sendingOptions(v)))
          if (value !== null) form.set(k, typeof value === "object" ? JSON.stringify(value) : String(value));
        form.set("file", file, file.name);
        res = await fetch("/api/v1/deliveries", { method: "POST", body: form });
      }
    } catch {
      setFormError("Could not reach the server.");
      return;
    }
    const body = (await res.json().catch(() => null)) as { id?: string } | null;
    if (res.ok && body?.id) {
      router.push(`/deliveries/${body.id}`);
      return;
    }
    const fields = apiErrorOf(body)?.fields ?? {};
    for (const [k, message] of Object.entries(fields)) {
      if (k === "recipients") setError("pasted", { message });
      else if (k === "file") setFileError(message);
      else if (k === "accountId" || k === "text" || k === "from" || k === "phoneColumn") setError(k, { message });
      else if (SENDING_OPTION_FIELDS.some((f) => k === f || k.startsWith(`${f}.`)))
        setError(k as Parameters<typeof setError>[0], { message });
    }
    setFormError(apiErrorMessage(body, res.status));
  };

  return (
    <FormProvider {...methods}>
      <form className="card space-y-5 p-5" noValidate onSubmit={handleSubmit(submit)}>
        {formError && (
          <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">
            {formError}
          </p>
        )}
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
            {count.encoding ? ENCODING_LABEL[count.encoding] : "No encoding"} · {count.characters} characters · {count.parts} SMS
            {count.parts > 0 ? ` (${count.perPart} characters per part)` : ""}
            {count.transliterated ? " · transliterated" : ""}
          </p>
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
                {numbers.length.toLocaleString("en")} number{numbers.length === 1 ? "" : "s"} (invalid numbers and duplicates are
                listed and skipped)
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

        <SendingOptions />

        <div className="flex justify-end gap-2">
          <button type="submit" className="btn-primary" disabled={isSubmitting}>
            {isSubmitting ? "Sending…" : "Send"}
          </button>
        </div>
      </form>
    </FormProvider>
  );
}
