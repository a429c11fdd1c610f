/**
 * The home page's per-minute series, made dense (a minute without traffic is a 0, so a line drops to zero instead of
 * joining two bursts) from the non-empty minutes the database counted. Pure: no clock, no database.
 */
export const MINUTE_MS = 60_000;

/** The four per-minute series of the home page. */
export const SERIES = ["mt", "mo", "srDelivered", "srFailed"] as const;
export type Series = (typeof SERIES)[number];

/** One non-empty minute of one series of one account; `minute` is "YYYY-MM-DDTHH:MM" in UTC. */
export type MinuteCount = { series: Series; accountId: string; minute: string; n: number };
export const DAY_MINUTES = 24 * 60;

export type TrafficWindow = {
  /** Epoch ms of the first minute shown (the window's start, on a minute boundary). */
  start: number;
  /** Number of minutes, the current one included. */
  minutes: number;
};

/** The last `minutes` minutes up to and including the one `now` falls in. */
export function trafficWindow(now: Date, minutes = DAY_MINUTES): TrafficWindow {
  const current = Math.floor(now.getTime() / MINUTE_MS) * MINUTE_MS;
  return { start: current - (minutes - 1) * MINUTE_MS, minutes };
}

/** One account's counts per minute, index i = minute start + i·60 s. */
export type AccountSeries = Record<Series, number[]> & { totals: Record<Series, number> };

const emptySeries = (minutes: number): AccountSeries => ({
  mt: new Array<number>(minutes).fill(0),
  mo: new Array<number>(minutes).fill(0),
  srDelivered: new Array<number>(minutes).fill(0),
  srFailed: new Array<number>(minutes).fill(0),
  totals: { mt: 0, mo: 0, srDelivered: 0, srFailed: 0 },
});

/** "YYYY-MM-DDTHH:MM" (UTC) → epoch ms; NaN when it is not one. */
export function minuteToEpoch(minute: string): number {
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(minute) ? Date.parse(`${minute}:00Z`) : NaN;
}

/** Dense series per account id (every id in `accountIds` gets one, zeros when it had no traffic). */
export function buildSeries(counts: MinuteCount[], accountIds: string[], w: TrafficWindow): Map<string, AccountSeries> {
  const out = new Map(accountIds.map((id) => [id, emptySeries(w.minutes)]));
  for (const c of counts) {
    const s = out.get(c.accountId);
    const i = (minuteToEpoch(c.minute) - w.start) / MINUTE_MS;
    if (!s || !Number.isInteger(i) || i < 0 || i >= w.minutes) continue;
    s[c.series][i] += c.n;
    s.totals[c.series] += c.n;
  }
  return out;
}

export const hasTraffic = (s: AccountSeries) => s.totals.mt + s.totals.mo + s.totals.srDelivered + s.totals.srFailed > 0;

/**
 * X-axis ticks for a window from `start` to `end` (epoch ms): on the hour in the browser's time zone, every `stepHours`
 * hours of the local clock (00:00, 03:00, … for 3), so the labels read as round times wherever the page is opened.
 */
export function hourTicks(start: number, end: number, stepHours = 3): number[] {
  const t = new Date(start);
  t.setMinutes(0, 0, 0);
  if (t.getTime() < start) t.setHours(t.getHours() + 1);
  const ticks: number[] = [];
  while (t.getTime() <= end) {
    if (t.getHours() % stepHours === 0) ticks.push(t.getTime());
    t.setHours(t.getHours() + 1);
  }
  return ticks;
}

const hhmm = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit", hourCycle: "h23" });

/** "14:05" in the browser's time zone. */
export const formatHourMinute = (epochMs: number) => hhmm.format(epochMs);
