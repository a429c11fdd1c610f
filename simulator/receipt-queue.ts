/**
 * Where receipts wait: a FIFO by due time served by one timer (O(1) per receipt, no timer per message), then a store
 * for those no receiver could take, sent again on the next bind. An SMSC keeps receipts until an ESME acknowledges
 * them; the connector tests rely on it ("loses no SR" across a dropped connection).
 */
import { performance } from "node:perf_hooks";

export type PendingReceipt = { systemId: string | null; preferSession: number; fields: Record<string, unknown>; due: number };

/** `deliver` sends a receipt to some bound receiver and returns false when there is none. */
export function createReceiptQueue(deliver: (r: PendingReceipt) => boolean) {
  const scheduled: PendingReceipt[] = [];
  let head = 0;
  let timer: NodeJS.Timeout | null = null;
  const undelivered: PendingReceipt[] = [];
  let stopped = false;

  function schedule(r: PendingReceipt, delayMs: number): void {
    r.due = performance.now() + delayMs;
    scheduled.push(r);
    if (timer === null) arm();
  }

  function arm(): void {
    if (stopped || head >= scheduled.length) return;
    timer = setTimeout(releaseDue, Math.max(0, scheduled[head].due - performance.now()));
  }

  function releaseDue(): void {
    timer = null;
    const now = performance.now();
    while (head < scheduled.length && scheduled[head].due <= now) {
      const r = scheduled[head++];
      if (!deliver(r)) undelivered.push(r);
    }
    // Compacted now and then so that the FIFO does not grow forever.
    if (head > 1024 && head * 2 > scheduled.length) {
      scheduled.splice(0, head);
      head = 0;
    }
    arm();
  }

  /** Keeps a receipt that could not be delivered (no receiver, or its connection closed before the answer). */
  function keep(r: PendingReceipt): void {
    undelivered.push(r);
  }

  /** Tries the kept receipts again (a receiver just bound, or another one may take them). */
  function flush(): void {
    if (undelivered.length === 0 || stopped) return;
    const waiting = undelivered.splice(0, undelivered.length);
    for (const r of waiting) if (!deliver(r)) undelivered.push(r);
  }

  return {
    schedule,
    keep,
    flush,
    pending: () => scheduled.length - head + undelivered.length,
    stop(): void {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
    },
  };
}
