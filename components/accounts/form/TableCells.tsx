"use client";
import { useFieldArray, useFormContext, type FieldArrayPath, type FieldPath } from "react-hook-form";
import { RowButtons } from "./EncodingsTable";
import { fieldId, useFieldError } from "./Field";
import type { AccountFormValues } from "./form-values";

type Path = FieldPath<AccountFormValues>;

/** A select's options from a schema's enum and a label for each value (a value added to the enum must get one). */
export function labelledOptions<T extends string>(
  values: readonly T[],
  labels: Record<T, string>,
): { value: T; label: string }[] {
  return values.map((value) => ({ value, label: labels[value] }));
}

/** The rows of one of the form's tables (error table, TLVs, keywords) with their moves, and the list's own error. */
export function useRowList<N extends FieldArrayPath<AccountFormValues>>(name: N) {
  const { control } = useFormContext<AccountFormValues>();
  return { ...useFieldArray({ control, name }), listError: useFieldError(name) };
}

/** A table cell holding one text input of a row, with its error under it. */
export function CellInput({ path, label, className = "" }: { path: Path; label: string; className?: string }) {
  const { register } = useFormContext<AccountFormValues>();
  const error = useFieldError(path);
  return (
    <td className="py-1 pr-2">
      <input
        id={fieldId(path)}
        aria-label={label}
        aria-invalid={error ? true : undefined}
        className={`input ${error ? "input-error" : ""} ${className}`}
        spellCheck={false}
        {...register(path)}
      />
      {error ? <p className="field-error">{error}</p> : null}
    </td>
  );
}

/** A table cell holding one select of a row. */
export function CellSelect({
  path,
  label,
  options,
}: {
  path: Path;
  label: string;
  options: readonly { value: string; label: string }[];
}) {
  const { register } = useFormContext<AccountFormValues>();
  const error = useFieldError(path);
  return (
    <td className="py-1 pr-2">
      <select id={fieldId(path)} aria-label={label} className="input" {...register(path)}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      {error ? <p className="field-error">{error}</p> : null}
    </td>
  );
}

type RowCells = [
  { path: Path; label: string; mono?: boolean },
  { path: Path; label: string; options: readonly { value: string; label: string }[] },
  { path: Path; label: string; mono?: boolean },
];

/**
 * An ordered table of {text, select, text} rows (optional TLVs, error rows): a numbered row per item of `rows`
 * (useRowList), its three cells from `cells(i)`, then the move and remove buttons.
 */
export function OrderedTable({
  testId,
  className = "",
  headClassName,
  titles,
  rows,
  what,
  cells,
}: {
  testId: string;
  className?: string;
  headClassName: string;
  titles: readonly [string, string, string];
  rows: { fields: { id: string }[]; move: (from: number, to: number) => void; remove: (index: number) => void };
  what: string;
  cells: (index: number) => RowCells;
}) {
  return (
    <table className={`w-full text-sm ${className}`} data-testid={testId}>
      <thead className={headClassName}>
        <tr>
          <th className="w-8 py-1">#</th>
          {titles.map((t) => (
            <th key={t} className="py-1">
              {t}
            </th>
          ))}
          <th />
        </tr>
      </thead>
      <tbody>
        {rows.fields.map((f, i) => (
          <OrderedRow
            key={f.id}
            index={i}
            count={rows.fields.length}
            what={what}
            onMove={rows.move}
            onRemove={rows.remove}
            cells={cells(i)}
          />
        ))}
      </tbody>
    </table>
  );
}

/** One row of an OrderedTable: number, the three cells, then the move and remove buttons. */
function OrderedRow({
  index,
  count,
  what,
  cells,
  onMove,
  onRemove,
}: {
  index: number;
  count: number;
  what: string;
  cells: RowCells;
  onMove: (from: number, to: number) => void;
  onRemove: (index: number) => void;
}) {
  const [a, b, c] = cells;
  return (
    <tr className="align-top">
      <td className="py-1 text-slate-500">{index + 1}</td>
      <CellInput path={a.path} label={a.label} className={a.mono ? "font-mono" : ""} />
      <CellSelect path={b.path} label={b.label} options={b.options} />
      <CellInput path={c.path} label={c.label} className={c.mono ? "font-mono" : ""} />
      <td className="py-1 whitespace-nowrap text-right">
        <RowButtons index={index} count={count} what={what} onMove={onMove} onRemove={onRemove} />
      </td>
    </tr>
  );
}
