"use client";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { deleteUserAction, updateUserAction, type UserActionResult } from "@/app/(console)/users/actions";
import { CopyButton } from "@/components/shell/CopyButton";
import { useConfirm } from "@/components/shell/ConfirmDialog";
import { ROLES, type Role } from "@/lib/auth/roles";

/** One user's role and actions (reset password, disable / enable, delete), each asked first where it hurts. */
export function UserRowActions({ id, email, role, disabled }: { id: string; email: string; role: Role; disabled: boolean }) {
  const router = useRouter();
  const [confirm, dialog] = useConfirm();
  const [result, setResult] = useState<UserActionResult | null>(null);
  const [pending, start] = useTransition();
  const run = (action: () => Promise<UserActionResult>) =>
    start(async () => {
      const r = await action();
      setResult(r);
      if (r.ok) router.refresh();
    });
  const ask = async (title: string, message: string, confirmLabel: string, danger = false) =>
    confirm({ title, message, confirmLabel, danger });

  return (
    <div className="space-y-1">
      <div className="flex flex-wrap items-center justify-end gap-1.5">
        <label className="sr-only" htmlFor={`role-${id}`}>
          Role of {email}
        </label>
        <select
          id={`role-${id}`}
          className="input w-auto py-1"
          value={role}
          disabled={pending}
          onChange={(e) => run(() => updateUserAction(id, { role: e.target.value }))}
        >
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </select>
        <button
          type="button"
          className="btn"
          aria-label={`Reset the password of ${email}`}
          disabled={pending}
          onClick={async () => {
            if (
              await ask(
                "Reset password",
                `Reset the password of ${email}? Their sessions end; they sign in once with a one-time password and choose a new one.`,
                "Reset password",
              )
            )
              run(() => updateUserAction(id, { resetPassword: true }));
          }}
        >
          Reset password
        </button>
        <button
          type="button"
          className="btn"
          aria-label={`${disabled ? "Enable" : "Disable"} ${email}`}
          disabled={pending}
          onClick={async () => {
            if (disabled) return run(() => updateUserAction(id, { disabled: false }));
            if (
              await ask(
                "Disable user",
                `Disable ${email}? They are signed out and their API tokens are refused until enabled again.`,
                "Disable",
              )
            )
              run(() => updateUserAction(id, { disabled: true }));
          }}
        >
          {disabled ? "Enable" : "Disable"}
        </button>
        <button
          type="button"
          className="btn text-red-700"
          aria-label={`Delete ${email}`}
          disabled={pending}
          onClick={async () => {
            if (await ask("Delete user", `Delete ${email} and their API tokens? This cannot be undone.`, "Delete", true))
              run(() => deleteUserAction(id));
          }}
        >
          Delete
        </button>
      </div>
      {result ? (
        <p
          role="status"
          data-testid="user-action-result"
          className={`text-right text-xs ${result.ok ? "text-emerald-700" : "text-red-700"}`}
        >
          {result.message}{" "}
          {result.ok && result.temporaryPassword ? (
            <>
              <code data-testid="temporary-password" className="rounded bg-slate-100 px-1 font-mono">
                {result.temporaryPassword}
              </code>{" "}
              <CopyButton value={result.temporaryPassword} label="Copy the one-time password" />
            </>
          ) : null}
        </p>
      ) : null}
      {dialog}
    </div>
  );
}
