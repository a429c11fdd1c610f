/**
 * The log of received PDUs that tests assert on, with waiters that resolve when a matching PDU arrives.
 * Appending is O(1) (amortised trimming); waiters are checked only while some exist.
 */
import type { ReceivedPdu } from "./types";

type Waiter = {
  predicate: (p: ReceivedPdu) => boolean;
  found: ReceivedPdu[];
  count: number;
  done: (r: ReceivedPdu[]) => void;
  fail: (e: Error) => void;
};

export function createRecorder(maxRecorded = Infinity) {
  const entries: ReceivedPdu[] = [];
  let nextIndex = 0;
  const waiters = new Set<Waiter>();

  function add(entry: Omit<ReceivedPdu, "index">): void {
    const e = entry as ReceivedPdu;
    e.index = nextIndex++;
    entries.push(e);
    // Trimmed in batches (half the cap at a time) so that each append stays O(1) on average.
    if (entries.length >= maxRecorded * 1.5) entries.splice(0, entries.length - maxRecorded);
    if (waiters.size > 0) {
      for (const w of waiters) {
        if (!w.predicate(e)) continue;
        w.found.push(e);
        if (w.found.length >= w.count) {
          waiters.delete(w);
          w.done(w.found);
        }
      }
    }
  }

  /**
   * Resolves with the first `count` PDUs (already received or to come) matching `predicate`;
   * rejects after `timeoutMs` naming how many were seen.
   */
  function waitFor(
    predicate: (p: ReceivedPdu) => boolean,
    opts: { count?: number; timeoutMs?: number } = {},
  ): Promise<ReceivedPdu[]> {
    const count = opts.count ?? 1;
    const found = entries.filter(predicate).slice(0, count);
    if (found.length >= count) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        waiters.delete(w);
        reject(
          new Error(`simulator: ${w.found.length} of ${count} expected PDUs received within ${opts.timeoutMs ?? 10_000} ms`),
        );
      }, opts.timeoutMs ?? 10_000);
      const w: Waiter = {
        predicate,
        found,
        count,
        done: (r) => {
          clearTimeout(timer);
          resolve(r);
        },
        fail: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      };
      waiters.add(w);
    });
  }

  function since(index: number): ReceivedPdu[] {
    const first = entries.length > 0 ? entries[0].index : nextIndex;
    return entries.slice(Math.max(0, index - first));
  }

  function clear(): void {
    entries.length = 0;
  }

  /** Rejects pending waiters (on stop) so that no test hangs on a stopped simulator. */
  function cancelWaiters(reason: string): void {
    const pending = [...waiters];
    waiters.clear();
    for (const w of pending) w.fail(new Error(`simulator: ${reason} while waiting for PDUs`));
  }

  return { entries, add, waitFor, since, clear, cancelWaiters, total: () => nextIndex };
}
