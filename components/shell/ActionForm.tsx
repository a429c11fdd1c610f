"use client";
import { useActionState, type ReactNode } from "react";
import type { RoleRefusal } from "@/lib/auth/roles";

/**
 * A form posting to a server action that answers null when done (or redirects) and a refusal when the user lacks
 * the role (a role changed since the page was shown): the refusal is shown under the form, nothing changed.
 */
export function ActionForm({
  action,
  children,
  className,
}: {
  action: (prev: RoleRefusal | null, form: FormData) => Promise<RoleRefusal | null>;
  children: ReactNode;
  className?: string;
}) {
  const [refused, formAction] = useActionState(action, null);
  return (
    <form action={formAction} className={className}>
      {children}
      {refused ? (
        <p role="alert" className="field-error">
          {refused.message}
        </p>
      ) : null}
    </form>
  );
}
