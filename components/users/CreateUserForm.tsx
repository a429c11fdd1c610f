"use client";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { createUserAction, type UserActionResult } from "@/app/(console)/users/actions";
import { ROLES } from "@/lib/auth/roles";
import { FormField } from "@/components/shell/FormField";

/** New user: e-mail, a first password (10+ characters, given to the user) and a role; errors next to each field. */
export function CreateUserForm() {
  const router = useRouter();
  const [result, setResult] = useState<UserActionResult | null>(null);
  const [pending, start] = useTransition();
  const fields = result && !result.ok ? (result.fields ?? {}) : {};
  return (
    <form
      aria-label="New user"
      className="grid grid-cols-1 gap-3 md:grid-cols-[2fr_2fr_1fr_auto] md:items-start"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        const form = e.currentTarget;
        const data = new FormData(form);
        start(async () => {
          const r = await createUserAction({
            email: String(data.get("email") ?? ""),
            password: String(data.get("password") ?? ""),
            role: String(data.get("role") ?? ""),
          });
          setResult(r);
          if (r.ok) {
            form.reset();
            router.refresh();
          }
        });
      }}
    >
      <FormField id="user-email" label="E-mail" name="email" type="email" error={fields.email} />
      <FormField
        id="user-password"
        label="First password"
        name="password"
        type="password"
        autoComplete="new-password"
        error={fields.password}
      />
      <div>
        <label htmlFor="user-role">Role</label>
        <select id="user-role" name="role" defaultValue="viewer" className="input mt-1">
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" className="btn-primary md:mt-6" disabled={pending}>
        {pending ? "Adding…" : "Add user"}
      </button>
      {result ? (
        <p
          role="status"
          data-testid="create-user-result"
          className={`text-sm md:col-span-4 ${result.ok ? "text-emerald-700" : "text-red-700"}`}
        >
          {result.message}
        </p>
      ) : null}
    </form>
  );
}
