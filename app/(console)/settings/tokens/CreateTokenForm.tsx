"use client";
import { useActionState } from "react";
import { CopyButton } from "@/components/shell/CopyButton";
import { createTokenAction, type CreateTokenState } from "./actions";

const LIFETIMES = [
  { days: "", label: "Never expires" },
  { days: "7", label: "7 days" },
  { days: "30", label: "30 days" },
  { days: "90", label: "90 days" },
  { days: "365", label: "1 year" },
];

export function CreateTokenForm() {
  const [state, action, pending] = useActionState<CreateTokenState, FormData>(createTokenAction, {});
  const fields = state.fields ?? {};
  return (
    <form action={action} className="space-y-3" noValidate>
      <div className="flex flex-wrap items-end gap-2">
        <div className="min-w-48 flex-1">
          <label htmlFor="token-name">Token name</label>
          <input id="token-name" name="name" className="input mt-1" placeholder="e.g. campaign-export" maxLength={100} />
        </div>
        <div>
          <label htmlFor="token-expiry">Expires</label>
          <select id="token-expiry" name="expiresInDays" className="input mt-1" defaultValue="">
            {LIFETIMES.map((l) => (
              <option key={l.days} value={l.days}>
                {l.label}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="token-scope">Scope</label>
          <select id="token-scope" name="scope" className="input mt-1" defaultValue="full">
            <option value="full">Full (my role)</option>
            <option value="read">Read-only (GET)</option>
          </select>
        </div>
        <button className="btn-primary" disabled={pending}>
          Create token
        </button>
      </div>
      {Object.values(fields).map((message) => (
        <p key={message} className="field-error">
          {message}
        </p>
      ))}
      {state.token && (
        <div className="rounded-md bg-emerald-50 p-3 text-sm">
          <p className="mb-1 font-medium text-emerald-800">Token “{state.name}” created. Copy it now: it is not shown again.</p>
          <div className="flex items-center gap-2">
            <code data-testid="new-token" className="break-all">
              {state.token}
            </code>
            <CopyButton value={state.token} label="Copy the token" />
          </div>
        </div>
      )}
    </form>
  );
}
