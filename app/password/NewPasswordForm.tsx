"use client";
import { useActionState } from "react";
import { setPasswordAction, type NewPasswordState } from "./actions";

export function NewPasswordForm() {
  const [state, action, pending] = useActionState<NewPasswordState, FormData>(setPasswordAction, {});
  return (
    <form action={action} className="space-y-4" noValidate>
      <div>
        <label htmlFor="new-password">New password</label>
        <input
          id="new-password"
          name="password"
          type="password"
          autoComplete="new-password"
          className={`input mt-1 ${state.fields?.password ? "input-error" : ""}`}
        />
        {state.fields?.password ? <p className="field-error">{state.fields.password}</p> : null}
      </div>
      <div>
        <label htmlFor="confirm-password">Repeat it</label>
        <input
          id="confirm-password"
          name="confirm"
          type="password"
          autoComplete="new-password"
          className={`input mt-1 ${state.fields?.confirm ? "input-error" : ""}`}
        />
        {state.fields?.confirm ? <p className="field-error">{state.fields.confirm}</p> : null}
      </div>
      <button type="submit" className="btn-primary w-full justify-center" disabled={pending}>
        {pending ? "Saving…" : "Set password"}
      </button>
    </form>
  );
}
