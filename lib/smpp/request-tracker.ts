/**
 * The requests a session has sent and not yet seen answered: their sequence numbers (1 … 0x7FFFFFFF, then 1 again:
 * SMPP v3.4 §5.1.4 allows 0x00000001–0x7FFFFFFF), the response matched back by its sequence_number, and each
 * request's deadline. One timer serves every deadline, armed at the earliest and re-armed as it fires, so that a
 * window of thousands of submit_sm costs no timer each.
 */

/** What the tracker reads and sets on a request. */
export interface Tracked {
  /** Set from `nextSequence()` before `track()`. */
  seq: number;
  /** Set by `track()`: Date.now() after which the request has expired. */
  deadline: number;
  readonly timeoutMs: number;
}

export const MAX_SEQUENCE = 0x7fffffff;

export class RequestTracker<T extends Tracked> {
  private readonly pending = new Map<number, T>();
  private timer: NodeJS.Timeout | null = null;
  private timerAt = Infinity;
  private stopped = false;

  /**
   * `onExpired` gets the requests whose deadline passed, already forgotten (a late answer finds nothing).
   * `sequence` is the last sequence number used (tests start near the wrap).
   */
  constructor(
    private readonly onExpired: (expired: T[]) => void,
    private sequence = 0,
  ) {}

  /** Requests awaiting their response. */
  get size(): number {
    return this.pending.size;
  }

  nextSequence(): number {
    if (this.sequence === MAX_SEQUENCE) this.sequence = 0;
    return ++this.sequence;
  }

  /** Waits for the response to `item` (its `seq` set) until `item.timeoutMs` from now. */
  track(item: T): void {
    item.deadline = Date.now() + item.timeoutMs;
    this.pending.set(item.seq, item);
    if (item.deadline < this.timerAt) this.arm(item.deadline);
  }

  /** The request a response of this sequence_number answers, forgotten; undefined for a late or stray answer. */
  settle(seq: number): T | undefined {
    const item = this.pending.get(seq);
    if (item !== undefined) this.pending.delete(seq);
    return item;
  }

  /** Stops the timer and returns every request still waiting, forgotten (on close). Nothing expires after. */
  stop(): T[] {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.timerAt = Infinity;
    const waiting = [...this.pending.values()];
    this.pending.clear();
    return waiting;
  }

  private arm(at: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timerAt = at;
    this.timer = setTimeout(this.expire, Math.max(0, at - Date.now()));
  }

  private readonly expire = (): void => {
    this.timer = null;
    this.timerAt = Infinity;
    const now = Date.now();
    let next = Infinity;
    const expired: T[] = [];
    for (const [seq, item] of this.pending) {
      if (item.deadline <= now) {
        this.pending.delete(seq);
        expired.push(item);
      } else if (item.deadline < next) next = item.deadline;
    }
    if (next !== Infinity && !this.stopped) this.arm(next);
    if (expired.length > 0) this.onExpired(expired);
  };
}
