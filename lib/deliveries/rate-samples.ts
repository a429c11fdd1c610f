/**
 * MT per second over time, kept in Delivery.rateSamples as JSON `[[epochSecond, widthSeconds, count], ...]`.
 * One-second points while a delivery runs; past MAX_POINTS the oldest half is merged pairwise, so a 6-hour delivery
 * at 50 MT/s still fits in a few KB and the chart shows its whole life. Client-safe.
 */
export type RatePoint = [second: number, width: number, count: number];

const MAX_POINTS = 600;

export function parseRateSamples(json: string | null | undefined): RatePoint[] {
  if (!json) return [];
  try {
    const v = JSON.parse(json) as unknown;
    return Array.isArray(v)
      ? (v.filter((p) => Array.isArray(p) && p.length === 3 && p.every((n) => typeof n === "number")) as RatePoint[])
      : [];
  } catch {
    return [];
  }
}

/** Adds `count` MT sent during `second` (epoch seconds); returns the same array. */
export function addRateSample(points: RatePoint[], second: number, count: number): RatePoint[] {
  if (count <= 0) return points;
  const last = points[points.length - 1];
  if (last && second >= last[0] && second < last[0] + last[1]) last[2] += count;
  else points.push([second, 1, count]);
  if (points.length > MAX_POINTS) {
    const half = Math.floor(points.length / 2) & ~1;
    const merged: RatePoint[] = [];
    for (let i = 0; i < half; i += 2) {
      const a = points[i];
      const b = points[i + 1];
      merged.push([a[0], b[0] + b[1] - a[0], a[2] + b[2]]);
    }
    points.splice(0, half, ...merged);
  }
  return points;
}

/** MT per second over the last `seconds` whole seconds before `nowSecond` (the current, partial one excluded). */
export function currentRate(points: RatePoint[], nowSecond: number, seconds = 5, sinceSecond?: number): number {
  const from = Math.max(nowSecond - seconds, sinceSecond ?? -Infinity);
  const span = nowSecond - from;
  if (span <= 0) return 0;
  let n = 0;
  for (let i = points.length - 1; i >= 0; i--) {
    const [s, w, c] = points[i];
    if (s + w <= from) break;
    if (s >= nowSecond) continue;
    // A wide point counts for the part of it inside the window.
    const overlap = Math.min(s + w, nowSecond) - Math.max(s, from);
    if (overlap > 0) n += (c * overlap) / w;
  }
  return n / span;
}

/** Seconds left for `remaining` at `rate` MT/s, null when not moving. */
export function etaSeconds(remaining: number, rate: number): number | null {
  if (remaining <= 0) return 0;
  return rate > 0 ? Math.ceil(remaining / rate) : null;
}
