"use client";
import { useActionState } from "react";
import { createTokenAction, type CreateTokenState } from "./actions";

export function CreateTokenForm() {
  const [state, action, pending] = useActionState<CreateTokenState, FormData>(createTokenAction, {});
  return (
    <form action={action} className="space-y-3">
      <div className="flex items-end gap-2">
        <div className="flex-1">
          <label htmlFor="token-name">Token name</label>
          <input id="token-name" name="name" className="input mt-1" placeholder="e.g. campaign-export" maxLength={100} />
        </div>
        <button className="btn-primary" disabled={pending}>
          Create token
        </button>
      </div>
      {state.error && <p className="field-error">{state.error}</p>}
      {state.token && (
        <div className="rounded-md bg-emerald-50 p-3 text-sm">
          <p className="mb-1 font-medium text-emerald-800">Token “{state.name}” created. Copy it now: it is not shown again.</p>
          <code data-testid="new-token" className="break-all">
            {state.token}
          </code>
        </div>
      )}
    </form>
  );
}
