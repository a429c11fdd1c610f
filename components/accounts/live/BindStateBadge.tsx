"use client";
import { useAccountStatus, type AccountStatus } from "./use-account-status";

const STYLE: Record<string, string> = {
  bound: "bg-emerald-100 text-emerald-800",
  connecting: "bg-amber-100 text-amber-800",
  disconnected: "bg-red-100 text-red-800",
  disabled: "bg-slate-100 text-slate-600",
};

export function stateStyle(state: string | undefined): string {
  return STYLE[state ?? ""] ?? "bg-slate-100 text-slate-600";
}

/** The account's live bind state in the accounts list, e.g. "bound 2/2". */
export function BindStateBadge({ accountId, initial }: { accountId: string; initial?: AccountStatus | null }) {
  const view = useAccountStatus(accountId, 5000, initial);
  if (view.kind === "loading") return <span className="text-xs text-slate-400">…</span>;
  if (view.kind === "unavailable")
    return (
      <span className="text-xs text-slate-400" title="Live status unavailable">
        —
      </span>
    );
  const { state, binds, lastError } = view.status;
  const bound = binds.filter((b) => b.bound === true || b.state === "bound").length;
  return (
    <span
      className={`inline-block rounded px-1.5 py-0.5 text-xs font-medium whitespace-nowrap ${stateStyle(state)}`}
      title={lastError ?? undefined}
      data-testid="bind-state"
    >
      {state}
      {binds.length > 0 ? ` ${bound}/${binds.length}` : ""}
    </span>
  );
}
