"use client";
import { useFormContext } from "react-hook-form";
import { deriveInternalName } from "@/lib/accounts/schema";
import { Checkbox, Field, Section, TextInput, useFieldError } from "./Field";
import type { AccountFormValues } from "./form-values";

/**
 * Spec "Header": label, internal name (derived from the label until the admin edits it), enabled (edit form only: a
 * new account is saved disabled), fixed type.
 */
export function HeaderSection({ deriveName }: { deriveName: boolean }) {
  const { register, setValue, getFieldState } = useFormContext<AccountFormValues>();
  const labelError = useFieldError("label");
  return (
    <Section title="Header" id="header">
      <Field path="label" label="Label">
        <input
          id="label"
          className={`input ${labelError ? "input-error" : ""}`}
          aria-invalid={labelError ? true : undefined}
          {...register("label", {
            onChange: (e: React.ChangeEvent<HTMLInputElement>) => {
              // The internal name follows the label on a new account until the admin types one of their own.
              if (deriveName && !getFieldState("internalName").isDirty) {
                setValue("internalName", deriveInternalName(e.target.value), { shouldValidate: e.target.value !== "" });
              }
            },
          })}
        />
      </Field>
      <Field path="internalName" label="Internal name" hint="Letters, digits and _; starts with a letter; unique">
        <TextInput path="internalName" className="font-mono" />
      </Field>
      {deriveName ? (
        // A new account never binds by being saved (a preset's real host included): it is enabled on purpose later.
        <p className="text-sm text-slate-600" data-testid="saved-disabled-note">
          <span className="font-medium text-slate-700">Saved disabled.</span> Run Test connection below, then enable the account
          on its page: until then the connector opens no bind.
        </p>
      ) : (
        <Checkbox path="enabled" label="Enabled" hint="A disabled account keeps no bind open" />
      )}
      <dl className="grid grid-cols-3 gap-2 text-sm md:col-span-2">
        <div>
          <dt className="font-medium text-slate-700">Type</dt>
          <dd className="text-slate-600">Routing</dd>
        </div>
        <div>
          <dt className="font-medium text-slate-700">Channel</dt>
          <dd className="text-slate-600">Mobile (SMS)</dd>
        </div>
        <div>
          <dt className="font-medium text-slate-700">Delivery mode</dt>
          <dd className="text-slate-600">Bulk delivery</dd>
        </div>
      </dl>
    </Section>
  );
}
