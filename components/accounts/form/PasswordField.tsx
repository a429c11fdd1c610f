"use client";
import { useState } from "react";
import { useFormContext } from "react-hook-form";
import { Field, fieldId, useFieldError } from "./Field";
import type { AccountFormValues } from "./form-values";

type PasswordPath = "connection.password" | "connection.receiver.password";

/**
 * Write-only password: a stored password is never sent to the page, only said to be set. Leaving the field
 * untouched (undefined) keeps it; "Change password" opens an input whose value replaces it.
 */
export function PasswordField({ path, label, passwordSet }: { path: PasswordPath; label: string; passwordSet: boolean }) {
  const { register, setValue } = useFormContext<AccountFormValues>();
  const [changing, setChanging] = useState(!passwordSet);
  const error = useFieldError(path);
  const id = fieldId(path);
  return (
    <Field path={path} label={label} hint="At most 8 characters; stored sealed, never shown again">
      {changing ? (
        <div className="flex gap-2">
          <input
            id={id}
            type="password"
            autoComplete="new-password"
            className={`input ${error ? "input-error" : ""}`}
            aria-invalid={error ? true : undefined}
            {...register(path)}
          />
          {passwordSet ? (
            <button
              type="button"
              className="btn"
              onClick={() => {
                setValue(path, undefined, { shouldValidate: true });
                setChanging(false);
              }}
            >
              Keep current
            </button>
          ) : null}
        </div>
      ) : (
        <div className="flex items-center gap-3">
          <span id={id} className="text-sm text-emerald-700" data-testid={`${id}-set`}>
            ●●●● password set
          </span>
          <button type="button" className="btn" onClick={() => setChanging(true)}>
            Change password
          </button>
        </div>
      )}
    </Field>
  );
}
