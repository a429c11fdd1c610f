import type { InputHTMLAttributes } from "react";

/** A labelled input of a server-action form, with its error under it (the forms without react-hook-form). */
export function FormField({
  label,
  error,
  id,
  ...input
}: { label: string; error?: string; id: string } & InputHTMLAttributes<HTMLInputElement>) {
  return (
    <div>
      <label htmlFor={id}>{label}</label>
      <input id={id} {...input} className={`input mt-1 ${error ? "input-error" : ""}`} />
      {error ? <p className="field-error">{error}</p> : null}
    </div>
  );
}
