"use client";
import { get, useFormContext, type FieldPath } from "react-hook-form";
import type { AccountFormValues } from "./form-values";

/** `connection.port` → `connection-port`: a stable id that labels point at. */
export function fieldId(path: string): string {
  return path.replace(/\./g, "-");
}

/** The message of the field's current error (as typed, or from the server). */
export function useFieldError(path: string): string | undefined {
  const {
    formState: { errors },
  } = useFormContext<AccountFormValues>();
  const e = get(errors, path) as { message?: string } | undefined;
  return e?.message;
}

/** A labelled field with its error and an optional warning or hint under it. */
export function Field({
  path,
  label,
  hint,
  warning,
  children,
}: {
  path: string;
  label: string;
  hint?: string;
  warning?: string;
  children: React.ReactNode;
}) {
  const error = useFieldError(path);
  const id = fieldId(path);
  return (
    <div>
      <label htmlFor={id}>{label}</label>
      <div className="mt-1">{children}</div>
      {error ? (
        <p className="field-error" id={`${id}-error`} role="alert">
          {error}
        </p>
      ) : null}
      {warning ? (
        <p className="field-warning" data-testid={`${id}-warning`}>
          ⚠ {warning}
        </p>
      ) : null}
      {hint && !error ? <p className="mt-1 text-xs text-slate-500">{hint}</p> : null}
    </div>
  );
}

type InputProps = Omit<React.InputHTMLAttributes<HTMLInputElement>, "name"> & { path: FieldPath<AccountFormValues> };

/** A text input bound to the form. */
export function TextInput({ path, className = "", ...rest }: InputProps) {
  const { register } = useFormContext<AccountFormValues>();
  const error = useFieldError(path);
  return (
    <input
      id={fieldId(path)}
      className={`input ${error ? "input-error" : ""} ${className}`}
      aria-invalid={error ? true : undefined}
      aria-describedby={error ? `${fieldId(path)}-error` : undefined}
      {...rest}
      {...register(path)}
    />
  );
}

/** A whole-number input: an empty or fractional value is a field error, not a silent 0. */
export function NumberInput({ path, min, max, className = "", ...rest }: InputProps) {
  const { register } = useFormContext<AccountFormValues>();
  const error = useFieldError(path);
  return (
    <input
      id={fieldId(path)}
      type="number"
      inputMode="numeric"
      min={min}
      max={max}
      className={`input ${error ? "input-error" : ""} ${className}`}
      aria-invalid={error ? true : undefined}
      aria-describedby={error ? `${fieldId(path)}-error` : undefined}
      {...rest}
      {...register(path, { valueAsNumber: true })}
    />
  );
}

/** A labelled whole-number field: `Field` and `NumberInput` on one path, so the label and input cannot point at different fields. */
export function NumberField({
  path,
  label,
  hint,
  warning,
  min,
  max,
}: {
  path: FieldPath<AccountFormValues>;
  label: string;
  hint?: string;
  warning?: string;
  min: number;
  max: number;
}) {
  return (
    <Field path={path} label={label} hint={hint} warning={warning}>
      <NumberInput path={path} min={min} max={max} />
    </Field>
  );
}

/** A labelled checkbox bound to a boolean field. */
export function Checkbox({ path, label, hint }: { path: FieldPath<AccountFormValues>; label: string; hint?: string }) {
  const { register } = useFormContext<AccountFormValues>();
  const id = fieldId(path);
  return (
    <div className="flex items-start gap-2">
      <input id={id} type="checkbox" className="mt-0.5 h-4 w-4 rounded border-slate-300" {...register(path)} />
      <div>
        <label htmlFor={id}>{label}</label>
        {hint ? <p className="text-xs text-slate-500">{hint}</p> : null}
      </div>
    </div>
  );
}

/** A select bound to an enum field. */
export function Select({
  path,
  options,
  onChange,
}: {
  path: FieldPath<AccountFormValues>;
  options: readonly { value: string; label: string }[];
  onChange?: (value: string) => void;
}) {
  const { register } = useFormContext<AccountFormValues>();
  const error = useFieldError(path);
  return (
    <select
      id={fieldId(path)}
      className={`input ${error ? "input-error" : ""}`}
      {...register(path, {
        onChange: onChange ? (e: React.ChangeEvent<HTMLSelectElement>) => onChange(e.target.value) : undefined,
      })}
    >
      {options.map((o) => (
        <option key={o.value} value={o.value}>
          {o.label}
        </option>
      ))}
    </select>
  );
}

/** A titled card holding one section of the spec. */
export function Section({ title, children, id }: { title: string; id: string; children: React.ReactNode }) {
  return (
    <section className="card p-5" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className="mb-4 text-base font-semibold text-slate-800">
        {title}
      </h2>
      <div className="grid grid-cols-1 gap-4 md:grid-cols-2">{children}</div>
    </section>
  );
}
