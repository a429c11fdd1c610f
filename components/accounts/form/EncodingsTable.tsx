"use client";
import { useFieldArray, useFormContext, useWatch } from "react-hook-form";
import { fieldId, useFieldError } from "./Field";
import type { AccountFormValues } from "./form-values";

const ENCODING_OPTIONS = [
  { value: "gsm7", label: "GSM 03.38" },
  { value: "ascii", label: "ASCII (IA5)" },
  { value: "latin1", label: "Latin-1" },
  { value: "ucs2", label: "UCS-2" },
] as const;

/** The default mapping made explicit when the admin switches to a specific one, so there is something to edit. */
const STARTING_MAPPING = [
  { dataCoding: 0, encoding: "gsm7" as const },
  { dataCoding: 8, encoding: "ucs2" as const },
];

/**
 * "Define a specific mapping of encodings": null means the default mapping (GSM 03.38 = 0, else UCS-2 = 8);
 * otherwise an ordered list tried top to bottom.
 */
export function EncodingsTable() {
  const { control, register, setValue } = useFormContext<AccountFormValues>();
  const encodings = useWatch({ control, name: "smsc.encodings" });
  const { fields, append, remove, move, replace } = useFieldArray({ control, name: "smsc.encodings" });
  const custom = Array.isArray(encodings);
  const listError = useFieldError("smsc.encodings");
  return (
    <div className="md:col-span-2">
      <div className="flex items-start gap-2">
        <input
          id="smsc-encodings-custom"
          type="checkbox"
          className="mt-0.5 h-4 w-4 rounded border-slate-300"
          checked={custom}
          onChange={(e) => {
            if (e.target.checked) replace(STARTING_MAPPING);
            else setValue("smsc.encodings", null, { shouldDirty: true, shouldValidate: true });
          }}
        />
        <div>
          <label htmlFor="smsc-encodings-custom">Define a specific mapping of encodings</label>
          <p className="text-xs text-slate-500">
            {custom
              ? "Tried top to bottom: the first encoding that can carry the text is used."
              : "Default: GSM 03.38 with data_coding 0, else UCS-2 with 8."}
          </p>
        </div>
      </div>
      {custom ? (
        <div className="mt-3">
          <table className="w-full text-sm" data-testid="encodings-table">
            <thead className="text-left text-slate-500">
              <tr>
                <th className="w-10 py-1">#</th>
                <th className="py-1">data_coding</th>
                <th className="py-1">Encoding</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {fields.map((f, i) => (
                <EncodingRow key={f.id} index={i} count={fields.length} register={register} onMove={move} onRemove={remove} />
              ))}
            </tbody>
          </table>
          <button type="button" className="btn mt-2" onClick={() => append({ dataCoding: 0, encoding: "gsm7" })}>
            Add encoding
          </button>
          {listError ? <p className="field-error">{listError}</p> : null}
        </div>
      ) : null}
    </div>
  );
}

function EncodingRow({
  index,
  count,
  register,
  onMove,
  onRemove,
}: {
  index: number;
  count: number;
  register: ReturnType<typeof useFormContext<AccountFormValues>>["register"];
  onMove: (from: number, to: number) => void;
  onRemove: (index: number) => void;
}) {
  const dcPath = `smsc.encodings.${index}.dataCoding` as const;
  const encPath = `smsc.encodings.${index}.encoding` as const;
  const dcError = useFieldError(dcPath);
  const encError = useFieldError(encPath);
  return (
    <tr className="align-top">
      <td className="py-1 text-slate-500">{index + 1}</td>
      <td className="py-1 pr-2">
        <input
          id={fieldId(dcPath)}
          type="number"
          min={0}
          max={255}
          aria-label={`data_coding of encoding ${index + 1}`}
          className={`input ${dcError ? "input-error" : ""}`}
          {...register(dcPath, { valueAsNumber: true })}
        />
        {dcError ? <p className="field-error">{dcError}</p> : null}
      </td>
      <td className="py-1 pr-2">
        <select id={fieldId(encPath)} aria-label={`Encoding ${index + 1}`} className="input" {...register(encPath)}>
          {ENCODING_OPTIONS.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
        {encError ? <p className="field-error">{encError}</p> : null}
      </td>
      <td className="py-1 whitespace-nowrap text-right">
        <RowButtons index={index} count={count} what="encoding" onMove={onMove} onRemove={onRemove} />
      </td>
    </tr>
  );
}

/** Move up / move down / remove buttons of an ordered table row. */
export function RowButtons({
  index,
  count,
  what,
  onMove,
  onRemove,
}: {
  index: number;
  count: number;
  what: string;
  onMove: (from: number, to: number) => void;
  onRemove: (index: number) => void;
}) {
  return (
    <span className="inline-flex gap-1">
      <button
        type="button"
        className="btn px-2"
        aria-label={`Move ${what} ${index + 1} up`}
        disabled={index === 0}
        onClick={() => onMove(index, index - 1)}
      >
        ↑
      </button>
      <button
        type="button"
        className="btn px-2"
        aria-label={`Move ${what} ${index + 1} down`}
        disabled={index === count - 1}
        onClick={() => onMove(index, index + 1)}
      >
        ↓
      </button>
      <button type="button" className="btn px-2" aria-label={`Remove ${what} ${index + 1}`} onClick={() => onRemove(index)}>
        ✕
      </button>
    </span>
  );
}
