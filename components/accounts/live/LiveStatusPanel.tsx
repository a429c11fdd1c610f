"use client";
import { stateStyle } from "./BindStateBadge";
import { useAccountStatus, type BindStatus } from "./use-account-status";
import { utcText } from "@/lib/utc-text";
import { TableHead } from "@/components/shell/TableHead";

function when(iso: string | null | undefined): string {
  if (!iso) return "";
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? String(iso) : utcText(d);
}

/**
 * A disabled account, or one no connector has bound yet, has no bind rows: its `since` is the epoch (1970), which
 * means "no time known", not a date to show.
 */
function knownSince(s: { state: string; since?: string | null }): boolean {
  return s.state !== "disabled" && !!s.since && new Date(s.since).getTime() > 0;
}

/** "transceiver 1", "receiver 2": the connection number as the admin counts them. */
function bindName(b: BindStatus, i: number): string {
  return `${b.role ?? b.kind ?? "bind"} ${typeof b.connectionIndex === "number" ? b.connectionIndex + 1 : i + 1}`;
}

/** Live state of each bind of the account, as the connector process published it (polled from the status API). */
export function LiveStatusPanel({ accountId }: { accountId: string }) {
  const view = useAccountStatus(accountId, 2000);
  return (
    <section className="card p-5" aria-labelledby="live-title" data-testid="live-status">
      <h2 id="live-title" className="mb-3 text-base font-semibold">
        Live binds
      </h2>
      {view.kind === "loading" ? <p className="text-sm text-slate-500">Loading…</p> : null}
      {view.kind === "unavailable" ? (
        <p className="text-sm text-slate-500">The connector’s live status is not available.</p>
      ) : null}
      {view.kind === "ok" ? (
        <div className="space-y-3 text-sm">
          <p>
            <span className={`rounded px-2 py-0.5 font-medium ${stateStyle(view.status.state)}`} data-testid="account-state">
              {view.status.state}
            </span>
            {knownSince(view.status) ? (
              <span className="ml-2 text-xs text-slate-500">since {when(view.status.since)}</span>
            ) : null}
            {typeof view.status.sentLastMinute === "number" ? (
              <span className="ml-3 text-xs text-slate-500">{view.status.sentLastMinute} MT in the last minute</span>
            ) : null}
            {typeof view.status.queue === "number" ? (
              <span className="ml-3 text-xs text-slate-500">queue {view.status.queue}</span>
            ) : null}
          </p>
          {view.status.stale ? (
            <p className="text-xs font-medium text-amber-800" data-testid="status-stale">
              Stale: the connector last reported at {when(view.status.heartbeatAt)}.
            </p>
          ) : null}
          {view.status.lastError ? <p className="text-xs text-red-700">Last error: {view.status.lastError}</p> : null}
          {view.status.nodeIds && view.status.nodeIds.length > 0 ? (
            <p className="text-xs text-slate-500" data-testid="status-node">
              Published by connector {view.status.nodeIds.join(", ")}
            </p>
          ) : null}
          {view.status.binds.length > 0 ? (
            <table className="w-full text-xs">
              <TableHead style="compact" columns={["Bind", "Server", "State", "Since", "Last error", "Node"]} />
              <tbody>
                {view.status.binds.map((b, i) => (
                  <tr key={b.key ?? bindName(b, i)} className="border-b border-slate-100" data-testid="bind-row">
                    <td className="px-2 py-1">{bindName(b, i)}</td>
                    <td className="px-2 py-1 font-mono">{b.host ? `${b.host}:${b.port}` : ""}</td>
                    <td className="px-2 py-1">
                      <span className={`rounded px-1.5 py-0.5 ${stateStyle(b.state ?? (b.bound ? "bound" : undefined))}`}>
                        {b.state ?? (b.bound ? "bound" : "not bound")}
                      </span>
                    </td>
                    <td className="px-2 py-1">
                      {when(b.since)}
                      {typeof b.inFlight === "number" && b.inFlight > 0 ? (
                        <span className="ml-1 text-slate-500">({b.inFlight} awaiting resp)</span>
                      ) : null}
                    </td>
                    <td className="px-2 py-1 text-red-700">{b.lastError ?? ""}</td>
                    <td className="px-2 py-1 font-mono text-slate-500" data-testid="bind-node">
                      {b.nodeId ?? ""}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}
