/**
 * The requests a session has sent and not yet seen answered: their sequence numbers (1 … 0x7FFFFFFF, then 1 again:
 * SMPP v3.4 §5.1.4 allows 0x00000001–0x7FFFFFFF), the response matched back by its sequence_number, and each
 * request's deadline. One timer serves every deadline, armed at the earliest and re-armed as it fires, so that a
 * window of thousands of submit_sm costs no timer each. Also the record the session tracks for each request
 * (Request: the PDU to send, its deadline and window slot, and the promise of its result).
 */
import { SmppSessionError } from "./session-errors";
import type { Pdu } from "./wire-pdu";

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

/** A request as the session tracks it; submit_sm ones also wait in the submit queue for room in the window. */
export interface Pending extends Tracked {
  /** Throughput slot of a submit_sm (see MtThrottle), -1 when unlimited. */
  slot: number;
  readonly command: string;
  readonly fields: object;
  /** submit_sm: counted in the window and the throughput limit. */
  readonly windowed: boolean;
  /** Settles the promise with the result read from the response PDU. */
  answer(resp: Pdu): void;
  reject(e: SmppSessionError): void;
  /** The error of a request whose response did not come in time. */
  timedOut(): SmppSessionError;
}

/** One request and the promise of its result; `read` (one shared function per kind of result) makes it from the response. */
export class Request<R> implements Pending {
  seq = 0;
  deadline = 0;
  slot = -1;
  readonly promise: Promise<R>;
  private resolve!: (value: R) => void;
  private fail!: (e: SmppSessionError) => void;

  constructor(
    readonly command: string,
    readonly fields: object,
    readonly timeoutMs: number,
    readonly windowed: boolean,
    private readonly read: (resp: Pdu) => R,
  ) {
    this.promise = new Promise<R>((resolve, reject) => {
      this.resolve = resolve;
      this.fail = reject;
    });
  }

  answer(resp: Pdu): void {
    this.resolve(this.read(resp));
  }

  reject(e: SmppSessionError): void {
    this.fail(e);
  }

  timedOut(): SmppSessionError {
    const step = this.windowed ? "submit" : "session";
    return new SmppSessionError(
      step,
      "mt_timeout",
      `No ${this.command}_resp within ${this.timeoutMs / 1000} s (sequence ${this.seq})`,
    );
  }
}
