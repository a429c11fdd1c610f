"use client";
import { useFormContext } from "react-hook-form";
import { RowButtons } from "./EncodingsTable";
import { useRowList } from "./TableCells";
import { fieldId, useFieldError } from "./Field";
import type { AccountFormValues } from "./form-values";

const ACTIONS = [
  { value: "none", label: "None" },
  { value: "quarantine", label: "Send to quarantine" },
  { value: "unquarantine", label: "Remove from quarantine" },
] as const;

/** Spec "Automatic reply sent to the MO": ordered rules, the first match applies. */
export function AutoRepliesSection() {
  const { fields, append, remove, move } = useRowList("autoReplies");
  return (
    <section className="card p-5" aria-labelledby="autoreplies-title">
      <h2 id="autoreplies-title" className="mb-1 text-base font-semibold text-slate-800">
        Automatic replies
      </h2>
      <p className="mb-3 text-xs text-slate-500">
        Tried top to bottom; only the first match applies. The keyword is a case-insensitive prefix of the MO’s first word (empty
        = any MO); an empty short code matches all short codes; an empty reply sends nothing but the action still runs.
      </p>
      {fields.length === 0 ? (
        <p className="text-sm text-slate-500">No automatic reply.</p>
      ) : (
        <table className="w-full text-sm" data-testid="auto-replies-table">
          <thead className="text-left text-slate-500">
            <tr>
              <th className="w-8 py-1">#</th>
              <th className="py-1">Keyword</th>
              <th className="py-1">Short code</th>
              <th className="py-1">Reply</th>
              <th className="py-1">Additional action</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {fields.map((f, i) => (
              <AutoReplyRow key={f.id} index={i} count={fields.length} onMove={move} onRemove={remove} />
            ))}
          </tbody>
        </table>
      )}
      <button
        type="button"
        className="btn mt-3"
        onClick={() => append({ keyword: "", shortCode: "", reply: "", action: "none" })}
      >
        Add automatic reply
      </button>
    </section>
  );
}

function AutoReplyRow({
  index,
  count,
  onMove,
  onRemove,
}: {
  index: number;
  count: number;
  onMove: (a: number, b: number) => void;
  onRemove: (i: number) => void;
}) {
  const { register } = useFormContext<AccountFormValues>();
  const p = (k: "keyword" | "shortCode" | "reply" | "action") => `autoReplies.${index}.${k}` as const;
  const errors = {
    keyword: useFieldError(p("keyword")),
    shortCode: useFieldError(p("shortCode")),
    reply: useFieldError(p("reply")),
  };
  const n = index + 1;
  return (
    <tr className="align-top">
      <td className="py-1 text-slate-500">{n}</td>
      <td className="py-1 pr-2">
        <input
          id={fieldId(p("keyword"))}
          aria-label={`Keyword ${n}`}
          className={`input ${errors.keyword ? "input-error" : ""}`}
          {...register(p("keyword"))}
        />
        {errors.keyword ? <p className="field-error">{errors.keyword}</p> : null}
      </td>
      <td className="py-1 pr-2">
        <input
          id={fieldId(p("shortCode"))}
          aria-label={`Short code ${n}`}
          className={`input ${errors.shortCode ? "input-error" : ""}`}
          {...register(p("shortCode"))}
        />
        {errors.shortCode ? <p className="field-error">{errors.shortCode}</p> : null}
      </td>
      <td className="py-1 pr-2">
        <textarea
          id={fieldId(p("reply"))}
          rows={1}
          aria-label={`Reply ${n}`}
          className={`input ${errors.reply ? "input-error" : ""}`}
          {...register(p("reply"))}
        />
        {errors.reply ? <p className="field-error">{errors.reply}</p> : null}
      </td>
      <td className="py-1 pr-2">
        <select id={fieldId(p("action"))} aria-label={`Additional action ${n}`} className="input" {...register(p("action"))}>
          {ACTIONS.map((a) => (
            <option key={a.value} value={a.value}>
              {a.label}
            </option>
          ))}
        </select>
      </td>
      <td className="py-1 whitespace-nowrap text-right">
        <RowButtons index={index} count={count} what="automatic reply" onMove={onMove} onRemove={onRemove} />
      </td>
    </tr>
  );
}
