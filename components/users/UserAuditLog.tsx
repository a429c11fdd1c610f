import type { UserAuditView } from "@/lib/auth/user-admin";
import { auditValue as value } from "@/components/shell/audit-format";
import { utcText } from "@/lib/utc-text";

/** Who changed which user, newest first: creations, roles, resets, disables, deletions, new passwords. */
export function UserAuditLog({ entries }: { entries: UserAuditView[] }) {
  return (
    <section className="card p-5" aria-labelledby="user-audit-title">
      <h2 id="user-audit-title" className="mb-3 text-base font-semibold">
        Audit log
      </h2>
      {entries.length === 0 ? (
        <p className="text-sm text-slate-500">No user change recorded yet.</p>
      ) : (
        <ol className="space-y-2 text-sm" data-testid="user-audit-log">
          {entries.map((e) => (
            <li key={e.id} className="border-b border-slate-100 pb-2 last:border-0">
              <span className="font-medium">{e.action}</span> {value(e.changes[0]?.to)} by {e.actor}{" "}
              <span className="text-xs text-slate-500">{utcText(e.createdAt)}</span>
              {e.changes.length > 1 ? (
                <span className="ml-2 font-mono text-xs text-slate-600">
                  {e.changes
                    .slice(1)
                    .map((c) => `${c.path}: ${value(c.from)} → ${value(c.to)}`)
                    .join(" · ")}
                </span>
              ) : null}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
