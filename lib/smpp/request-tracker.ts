/**
 * The requests a session has sent and not yet seen answered: sequence numbers (1 … 0x7FFFFFFF, then again from 1,
 * SMPP v3.4 §3.2), the response matched back by its sequence_number, and each request's deadline. One timer for
 * every deadline, armed at the earliest and re-armed as it fires, so that a window of thousands of submit_sm costs
 * no timer each.
 */

export interface Tracked {
  seq: number;
  deadline: number;
  readonly timeoutMs: number;
}

const MAX_SEQUENCE = 0x7fffffff;

export class RequestTracker<T extends Tracked> {
  private sequence = 0;
  private readonly pending = new Map<number, T>();
  private timer: NodeJS.Timeout | null = null;
  private timerAt = Infinity;
  private stopped = false;

  /** `onExpired` gets the requests whose deadline passed, already forgotten (a late answer is then ignored). */
  constructor(private readonly onExpired: (expired: T[]) => void) {}

  /** Gives the request its sequence number and deadline (`timeoutMs` from now) and waits for its response. */
  track(item: T): void {
    if (this.sequence === MAX_SEQUENCE) this.sequence = 0;
    item.seq = ++this.sequence;
    item.deadline = Date.now() + item.timeoutMs;
    this.pending.set(item.seq, item);
    if (item.deadline < this.timerAt) this.arm(item.deadline);
  }

  /** The request answered by a response of this sequence_number, forgotten; undefined for a late or stray answer. */
  answered(seq: number): T | undefined {
    const item = this.pending.get(seq);
    if (item) this.pending.delete(seq);
    return item;
  }

  /** Stops the timer and returns every request still waiting (on close). */
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
