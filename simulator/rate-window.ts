/**
 * "At most N in any 1-second window", checked exactly with a ring of the last N accepted times: a sliding window,
 * stricter than counting per calendar second, so a client that passes it respects the limit however it is measured.
 * O(1) per check.
 */
export function createRateWindow(limit: number, windowMs = 1000) {
  const times = new Float64Array(limit);
  let head = 0;
  let count = 0;
  return {
    /** Takes a slot at `now` (ms) and returns true, or returns false when `limit` were taken in the last window. */
    tryTake(now: number): boolean {
      if (count === limit) {
        if (now - times[head] < windowMs) return false;
        times[head] = now;
        head = (head + 1) % limit;
        return true;
      }
      times[(head + count) % limit] = now;
      count++;
      return true;
    },
  };
}
