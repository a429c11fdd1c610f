"use client";
import { useActionState } from "react";
import { FormField } from "@/components/shell/FormField";
import { setPasswordAction, type NewPasswordState } from "./actions";

export function NewPasswordForm() {
  const [state, action, pending] = useActionState<NewPasswordState, FormData>(setPasswordAction, {});
  return (
    <form action={action} className="space-y-4" noValidate>
      <FormField
        id="new-password"
        label="New password"
        name="password"
        type="password"
        autoComplete="new-password"
        error={state.fields?.password}
      />
      <FormField
        id="confirm-password"
        label="Repeat it"
        name="confirm"
        type="password"
        autoComplete="new-password"
        error={state.fields?.confirm}
      />
      <button type="submit" className="btn-primary w-full justify-center" disabled={pending}>
        {pending ? "Saving…" : "Set password"}
      </button>
    </form>
  );
}
