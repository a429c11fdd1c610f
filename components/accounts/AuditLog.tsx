import type { AuditView } from "@/lib/accounts/repository";
import { auditValue as value } from "@/components/shell/audit-format";
import { utcText } from "@/lib/utc-text";

/** Who changed what on the account, newest first (secrets are never in the entries). */
export function AuditLog({ entries }: { entries: AuditView[] }) {
  return (
    <section className="card p-5" aria-labelledby="audit-title">
      <h2 id="audit-title" className="mb-3 text-base font-semibold">
        Audit log
      </h2>
      {entries.length === 0 ? (
        <p className="text-sm text-slate-500">No change recorded.</p>
      ) : (
        <ol className="space-y-3 text-sm" data-testid="audit-log">
          {entries.map((e) => (
            <li key={e.id} className="border-b border-slate-100 pb-2 last:border-0">
              <div>
                <span className="font-medium">{e.action}</span> by {e.actor}{" "}
                <span className="text-xs text-slate-500">{utcText(e.createdAt)}</span>
              </div>
              {Array.isArray(e.changes) && e.changes.length > 0 ? (
                // A creation lists every setting: folded, so that the updates stay readable.
                <details open={e.changes.length <= 8}>
                  <summary className="cursor-pointer text-xs text-slate-500">
                    {e.changes.length} setting{e.changes.length === 1 ? "" : "s"}
                  </summary>
                  <ul className="mt-1 space-y-0.5 font-mono text-xs text-slate-600">
                    {e.changes.map((c) => (
                      <li key={c.path} className="break-all">
                        {c.path}: {value(c.from)} → {value(c.to)}
                      </li>
                    ))}
                  </ul>
                </details>
              ) : null}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
