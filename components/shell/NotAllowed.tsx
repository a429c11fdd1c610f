import Link from "next/link";
import type { Role } from "@/lib/auth/roles";

/**
 * A page refused for a role: the forbidden.tsx of its segment renders this after requirePageUser called
 * `forbidden()` (HTTP 403), so the page says which role is missing (a production build would hide a thrown error's
 * message from the error boundary).
 */
export function NotAllowed({ needed }: { needed: Role }) {
  return (
    <div className="card max-w-xl p-6">
      <h1 className="mb-2 text-lg font-semibold">Not allowed</h1>
      <p className="mb-4 text-sm text-slate-600">This needs the {needed} role.</p>
      <Link href="/accounts" className="btn">
        Back to the SMS accounts
      </Link>
    </div>
  );
}
