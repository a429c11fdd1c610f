import Link from "next/link";
import type { BindHistoryRow } from "@/lib/bind-state/history";
import { formatDuration } from "@/lib/format-duration";
import { utcText } from "@/lib/utc-text";
import { TableHead } from "@/components/shell/TableHead";

const KIND_STYLE: Record<string, string> = {
  bound: "bg-emerald-50 text-emerald-700",
  unbound: "bg-slate-100 text-slate-600",
  refused: "bg-amber-50 text-amber-800",
  dropped: "bg-red-50 text-red-700",
};

/** The account's bind events, newest first, a page at a time (`?history=N` in the page's URL). */
export function BindHistory(props: { accountId: string; rows: BindHistoryRow[]; page: number; pages: number; total: number }) {
  const href = (page: number) => `/accounts/${props.accountId}?history=${page}#bind-history`;
  return (
    <section className="card p-5" aria-labelledby="bind-history-title" id="bind-history">
      <h2 id="bind-history-title" className="mb-3 text-base font-semibold">
        Bind history
      </h2>
      {props.rows.length === 0 ? (
        <p className="text-sm text-slate-500" data-testid="bind-history-empty">
          No bind event yet: the connector records each bind, unbind, refusal and drop here.
        </p>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full text-xs" aria-label="Bind history">
            <TableHead style="compact" columns={["When", "Bind", "Event", "Lasted", "Cause"]} />
            <tbody>
              {props.rows.map((r) => (
                <tr key={r.id} className="border-b border-slate-100 last:border-0" data-testid="bind-event">
                  <td className="whitespace-nowrap px-2 py-1 tabular-nums">{utcText(r.at)}</td>
                  <td className="whitespace-nowrap px-2 py-1">
                    {r.role} {r.connectionIndex + 1}
                  </td>
                  <td className="px-2 py-1">
                    <span className={`rounded px-1.5 py-0.5 font-medium ${KIND_STYLE[r.kind] ?? ""}`}>{r.kind}</span>
                  </td>
                  <td className="whitespace-nowrap px-2 py-1 tabular-nums">
                    {r.durationMs === null ? "—" : formatDuration(r.durationMs / 1000)}
                  </td>
                  <td className="px-2 py-1 text-slate-600">{r.cause ?? ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {props.pages > 1 ? (
        <nav className="mt-3 flex items-center justify-end gap-2 text-xs" aria-label="Bind history pages">
          <span className="text-slate-500" data-testid="bind-history-page">
            Page {props.page} of {props.pages} · {props.total} events
          </span>
          {props.page > 1 ? (
            <Link className="btn" href={href(props.page - 1)}>
              ← Newer
            </Link>
          ) : null}
          {props.page < props.pages ? (
            <Link className="btn" href={href(props.page + 1)}>
              Older →
            </Link>
          ) : null}
        </nav>
      ) : null}
    </section>
  );
}
