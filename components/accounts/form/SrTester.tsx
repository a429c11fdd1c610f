"use client";
import { useState } from "react";
import { useFormContext, useWatch } from "react-hook-form";
import { tryCompileSrParser } from "@/lib/smpp/codec/status-report";
import type { AccountFormValues } from "./form-values";

const SAMPLE = "id:0123456789 sub:001 dlvrd:001 submit date:2611261200 done date:2611261201 stat:DELIVRD err:000 text:Hello";

/** The SMSC section's labels of the regex fields, to name the one to fix. */
const REGEX_LABEL = {
  srIdRegex: "Extraction regex of the ID in the SR",
  srStatusRegex: "Extraction regex of the status in the SR",
  srErrorRegex: "Extraction regex of the error code in the SR",
  srSuccessRegex: "Regex applied to determine successful status",
  srErrorStatusRegex: "Regex applied to determine error status",
} as const;

const VERDICT_TEXT = {
  delivered: "Delivered (matches the success regex)",
  error: "Error (matches the error status regex)",
  intermediate: "Intermediate: ignored (matches neither regex)",
} as const;

/** Runs the form's current (unsaved) SR settings on a pasted receipt, with the parser the connector uses. */
export function SrTester() {
  const { control } = useFormContext<AccountFormValues>();
  const smsc = useWatch({ control, name: "smsc" });
  const [text, setText] = useState(SAMPLE);
  const compiled = tryCompileSrParser({
    srIdRegex: smsc?.srIdRegex,
    srStatusRegex: smsc?.srStatusRegex,
    srErrorRegex: smsc?.srErrorRegex,
    srSuccessRegex: smsc?.srSuccessRegex,
    srErrorStatusRegex: smsc?.srErrorStatusRegex,
    srIdFormat: smsc?.srIdFormat,
    srIdInOptionalField: smsc?.srIdInOptionalField,
    srIdInTextField: smsc?.srIdInTextField,
  });
  const result = compiled.ok ? compiled.parse(text) : null;
  return (
    <div className="rounded-md border border-slate-200 bg-slate-50 p-4 md:col-span-2" data-testid="sr-tester">
      <h3 className="mb-2 text-sm font-semibold text-slate-800">SR tester</h3>
      <label htmlFor="sr-tester-text">Status report text</label>
      <textarea
        id="sr-tester-text"
        rows={2}
        className="input mt-1 font-mono"
        value={text}
        onChange={(e) => setText(e.target.value)}
      />
      {!compiled.ok ? (
        // The regex field already shows this error under itself (same schema check): point at it rather than repeat it.
        <p className="field-error" data-testid="sr-tester-invalid">
          Fix “{REGEX_LABEL[compiled.field]}” above to try a status report.
        </p>
      ) : result ? (
        <dl className="mt-3 grid grid-cols-2 gap-x-4 gap-y-1 text-sm md:grid-cols-4">
          <dt className="text-slate-500">ID</dt>
          <dd className="font-mono" data-testid="sr-tester-id">
            {result.id ?? <span className="font-sans text-amber-700">no id found: the id regex matches nothing here</span>}
            {result.rawId !== null && result.rawId !== result.id ? (
              <span className="text-slate-400"> (as read: {result.rawId})</span>
            ) : null}
          </dd>
          <dt className="text-slate-500">Status</dt>
          <dd className="font-mono" data-testid="sr-tester-status">
            {result.status ?? "—"}
          </dd>
          <dt className="text-slate-500">Error code</dt>
          <dd className="font-mono" data-testid="sr-tester-error">
            {result.error ?? "—"}
          </dd>
          <dt className="text-slate-500">Verdict</dt>
          <dd
            data-testid="sr-tester-verdict"
            className={
              result.verdict === "delivered" ? "text-emerald-700" : result.verdict === "error" ? "text-red-700" : "text-slate-600"
            }
          >
            {VERDICT_TEXT[result.verdict]}
          </dd>
        </dl>
      ) : null}
    </div>
  );
}
