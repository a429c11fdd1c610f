import type { TestStep } from "@/lib/account-tests/answers";

/** How the test panels word a session step. */
export const STEP_LABEL: Record<string, string> = {
  dns: "DNS lookup",
  tcp: "TCP connection",
  tls: "TLS handshake",
  bind: "Bind",
  enquire_link: "enquire_link round trip",
  unbind: "Unbind",
};

/** The `<li>` of each session step (✓/✗, name, time, detail) for Test connection and Test send. */
export function StepItems({ steps, testId, compact = false }: { steps: TestStep[]; testId: string; compact?: boolean }) {
  return steps.map((s, i) => (
    <li key={i} className="flex gap-2" data-testid={testId} data-step={s.step} data-ok={s.ok}>
      <span className={s.ok ? "text-emerald-600" : "text-red-600"} aria-hidden>
        {s.ok ? "✓" : "✗"}
      </span>
      <span className={`${compact ? "w-44" : "w-48"} shrink-0 font-medium`}>{STEP_LABEL[s.step] ?? s.step}</span>
      <span className={`${compact ? "w-14" : "w-16 text-xs"} shrink-0 text-right font-mono text-slate-500`}>
        {`${Math.round(s.ms)} ms`}
      </span>
      <span className={s.ok ? "text-slate-600" : "text-red-700"}>{s.detail}</span>
    </li>
  ));
}
