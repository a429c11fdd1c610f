import Link from "next/link";
import { BindStateBadge } from "@/components/accounts/live/BindStateBadge";
import { hasTraffic } from "@/lib/traffic/series";
import type { AccountTraffic } from "@/lib/traffic/overview";
import { TrafficChart } from "./TrafficChart";

const number = (n: number) => n.toLocaleString("en");

function Figure({ label, value, testId, hint }: { label: string; value: string; testId: string; hint?: string }) {
  return (
    <div>
      <dt className="text-xs text-slate-500">{label}</dt>
      <dd className="font-medium tabular-nums" data-testid={testId} title={hint}>
        {value}
      </dd>
    </div>
  );
}

/** One account on the home page: live binds, throughput now, the last 24 h per minute, deliveries running. */
export function AccountTrafficCard({ a, start }: { a: AccountTraffic; start: number }) {
  const { series: s } = a;
  const windowPercent = a.windowSize > 0 ? Math.round((a.windowUsed / a.windowSize) * 100) : 0;
  return (
    <section className="card space-y-4 p-5" data-testid="traffic-account" aria-label={a.label}>
      <div className="flex flex-wrap items-center gap-3">
        <h2 className="text-base font-semibold">
          <Link href={`/accounts/${a.id}`} className="hover:underline">
            {a.label}
          </Link>
        </h2>
        <BindStateBadge accountId={a.id} initial={a.status} />
      </div>
      <dl className="grid grid-cols-2 gap-3 text-sm sm:grid-cols-4 lg:grid-cols-7">
        <Figure
          label="MT/s now"
          value={`${a.mtPerSecondNow}${a.mtPerSecondLimit > 0 ? ` / ${a.mtPerSecondLimit}` : ""}`}
          testId="mt-per-second"
          hint="Average over the last minute, against the account's limit per connection"
        />
        <Figure
          label="Window in use"
          value={a.windowSize > 0 ? `${a.windowUsed} / ${a.windowSize} (${windowPercent} %)` : "—"}
          testId="window-use"
          hint="submit_sm awaiting their submit_sm_resp, against the window of the bound transmit binds"
        />
        <Figure label="Queue" value={number(a.status.queue)} testId="queue" />
        <Figure label="MT submitted (24 h)" value={number(s.totals.mt)} testId="total-mt" />
        <Figure label="MO received (24 h)" value={number(s.totals.mo)} testId="total-mo" />
        <Figure label="SR delivered (24 h)" value={number(s.totals.srDelivered)} testId="total-sr-delivered" />
        <Figure label="SR failed (24 h)" value={number(s.totals.srFailed)} testId="total-sr-failed" />
      </dl>
      {hasTraffic(s) ? (
        <div className="grid grid-cols-1 gap-4 lg:grid-cols-2">
          <TrafficChart
            title="Messages per minute"
            start={start}
            lines={[
              { key: "mt", name: "MT submitted", color: "#4f46e5", values: s.mt },
              { key: "mo", name: "MO received", color: "#0891b2", values: s.mo },
            ]}
          />
          <TrafficChart
            title="Status reports per minute"
            start={start}
            lines={[
              { key: "srDelivered", name: "SR delivered", color: "#059669", values: s.srDelivered },
              { key: "srFailed", name: "SR failed", color: "#dc2626", values: s.srFailed },
            ]}
          />
        </div>
      ) : (
        <p className="py-6 text-center text-sm text-slate-500" data-testid="traffic-empty">
          No traffic in the last 24 hours.
        </p>
      )}
      {a.deliveries.length > 0 ? (
        <div>
          <h3 className="mb-2 text-sm font-medium">Deliveries running now</h3>
          <ul className="space-y-2">
            {a.deliveries.map((d) => {
              const percent = d.total > 0 ? Math.floor((d.processed / d.total) * 100) : 0;
              return (
                <li key={d.id} className="text-sm" data-testid="running-delivery">
                  <div className="flex justify-between gap-3">
                    <Link href={`/deliveries/${d.id}`} className="truncate text-indigo-700 hover:underline">
                      {d.text}
                    </Link>
                    <span className="shrink-0 tabular-nums text-slate-600">
                      {number(d.processed)} / {number(d.total)} · {percent} %
                    </span>
                  </div>
                  <div
                    className="mt-1 h-1.5 rounded bg-slate-100"
                    role="progressbar"
                    aria-valuemin={0}
                    aria-valuemax={100}
                    aria-valuenow={percent}
                    aria-label={`Progress of ${d.text}`}
                  >
                    <div className="h-1.5 rounded bg-indigo-500" style={{ width: `${percent}%` }} />
                  </div>
                </li>
              );
            })}
          </ul>
        </div>
      ) : null}
    </section>
  );
}
