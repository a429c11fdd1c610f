import "server-only";
import { listStoredAccounts } from "@/lib/accounts/repository";
import { readAccountStatuses, type PublishedStatus } from "@/lib/bind-state/read";
import { listRunningDeliveries, type RunningDelivery } from "@/lib/deliveries/repository";
import { countPerMinute } from "./minute-counts";
import { buildSeries, trafficWindow, type AccountSeries, type TrafficWindow } from "./series";

export type AccountTraffic = {
  id: string;
  label: string;
  enabled: boolean;
  status: PublishedStatus;
  /** MT per second over the last minute (the connector's count of submit_sm on the account's binds). */
  mtPerSecondNow: number;
  /** The account's limit per connection (0 = none). */
  mtPerSecondLimit: number;
  /** submit_sm awaiting their resp on the account's transmit binds, and the room the window gives them. */
  windowUsed: number;
  windowSize: number;
  series: AccountSeries;
  deliveries: RunningDelivery[];
};

export type TrafficOverview = { window: TrafficWindow; accounts: AccountTraffic[] };

/** Everything the home page shows: per account its live binds, the last 24 h per minute, deliveries running now. */
export async function readTrafficOverview(now = new Date()): Promise<TrafficOverview> {
  const w = trafficWindow(now);
  const [accounts, counts, running] = await Promise.all([
    listStoredAccounts(),
    countPerMinute(new Date(w.start)),
    listRunningDeliveries(),
  ]);
  const statuses = await readAccountStatuses(accounts);
  const series = buildSeries(
    counts,
    accounts.map((a) => a.id),
    w,
  );
  return {
    window: w,
    accounts: accounts
      .map((a, i) => {
        const status = statuses[i];
        const transmit = status.binds.filter((b) => b.role !== "receiver");
        return {
          id: a.id,
          label: a.label,
          enabled: a.enabled,
          status,
          mtPerSecondNow: Math.round((status.sentLastMinute / 60) * 10) / 10,
          mtPerSecondLimit: a.throughput.mtPerSecond,
          windowUsed: transmit.reduce((n, b) => n + b.inFlight, 0),
          windowSize: a.throughput.window * transmit.length,
          series: series.get(a.id)!,
          deliveries: running.filter((d) => d.accountId === a.id),
        };
      })
      .sort((x, y) => Number(y.enabled) - Number(x.enabled) || x.label.localeCompare(y.label)),
  };
}
