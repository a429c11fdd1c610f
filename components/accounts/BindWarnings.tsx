import type { BindWarning } from "@/lib/bind-state/warnings";

/** Adobe's rules of thumb that hold for the account now (nothing when none does). */
export function BindWarnings({ warnings }: { warnings: BindWarning[] }) {
  if (warnings.length === 0) return null;
  return (
    <section
      className="rounded-lg border border-amber-300 bg-amber-50 p-4 text-sm text-amber-900"
      aria-labelledby="bind-warnings-title"
      data-testid="bind-warnings"
    >
      <h2 id="bind-warnings-title" className="mb-2 font-semibold">
        Connection health warnings
      </h2>
      <ul className="list-disc space-y-1 pl-5">
        {warnings.map((w) => (
          <li key={w.code} data-testid={`warning-${w.code}`}>
            {w.message}
          </li>
        ))}
      </ul>
    </section>
  );
}
