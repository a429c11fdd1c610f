import Link from "next/link";
import type { ErrorBreakdown } from "@/lib/deliveries/schema";

const TYPE_LABEL: Record<string, string> = { hard: "hard", soft: "soft", ignored: "ignored", new: "new (soft)" };

/** Bounces + errors split by the account's error table: hard / soft / retried, the top error codes, the new ones. */
export function ErrorBreakdownCard({ errors, accountId }: { errors: ErrorBreakdown; accountId: string }) {
  const split: { key: string; label: string; value: number; hint: string }[] = [
    { key: "hard", label: "Hard", value: errors.hard, hint: "the number cannot receive SMS" },
    { key: "soft", label: "Soft", value: errors.soft, hint: "retries used up" },
    { key: "ignored", label: "Ignored", value: errors.ignored, hint: "the message or sender at fault" },
    { key: "other", label: "Other", value: errors.other, hint: "no answer, not sendable…" },
    {
      key: "retried",
      label: "Retried",
      value: errors.retried,
      hint: `${errors.waitingRetry.toLocaleString("en")} waiting for a retry`,
    },
  ];
  return (
    <div className="card space-y-3 p-4" data-testid="error-breakdown">
      <div className="text-sm font-medium text-slate-700">Bounces + errors by type</div>
      <div className="grid grid-cols-2 gap-3 md:grid-cols-5">
        {split.map((s) => (
          <div key={s.key}>
            <div className="text-xs text-slate-500">{s.label}</div>
            <div data-testid={`errors-${s.key}`} className="text-xl font-semibold tabular-nums">
              {s.value.toLocaleString("en")}
            </div>
            <div className="text-xs text-slate-400">{s.hint}</div>
          </div>
        ))}
      </div>
      {errors.top.length > 0 && (
        <table className="w-full text-sm" data-testid="top-errors">
          <caption className="text-left text-xs text-slate-500">Top error codes</caption>
          <tbody>
            {errors.top.map((e) => (
              <tr key={e.key} className="border-t border-slate-100">
                <td className="py-1 font-mono">{e.key}</td>
                <td className="py-1 text-slate-500">{TYPE_LABEL[e.type] ?? e.type}</td>
                <td className="py-1 text-right tabular-nums">{e.count.toLocaleString("en")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {errors.newErrors.length > 0 && (
        <div data-testid="new-errors" className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-800">
          <p>
            New errors (no row of the account&apos;s error table matches them; counted as soft):{" "}
            <Link className="underline" href={`/accounts/${encodeURIComponent(accountId)}/edit`}>
              qualify them
            </Link>
          </p>
          <ul className="mt-1 font-mono">
            {errors.newErrors.map((e) => (
              <li key={e.key}>
                {e.key} × {e.count.toLocaleString("en")}
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
