const STYLE: Record<string, string> = {
  pending: "bg-slate-100 text-slate-700",
  scheduled: "bg-sky-100 text-sky-800",
  running: "bg-indigo-100 text-indigo-800",
  finished: "bg-emerald-100 text-emerald-800",
  cancelled: "bg-amber-100 text-amber-800",
  failed: "bg-red-100 text-red-800",
};

const LABEL: Record<string, string> = {
  pending: "Importing recipients",
  scheduled: "Scheduled",
  running: "Running",
  finished: "Finished",
  cancelled: "Cancelled",
  failed: "Failed",
};

export function StatusBadge({ status }: { status: string }) {
  return (
    <span
      data-testid="delivery-status"
      data-status={status}
      className={`inline-block rounded-full px-2 py-0.5 text-xs font-medium ${STYLE[status] ?? STYLE.pending}`}
    >
      {LABEL[status] ?? status}
    </span>
  );
}
