/**
 * The flow control of submit_sm on one connection: the sending window (SubmitWindow, window.ts: at most N awaiting
 * their submit_sm_resp) and the MT throughput limit (MtThrottle, throttle.ts), with the submit_sm waiting for
 * either, sent in arrival order as room and slots come free. A submit_sm that may go at once goes straight through
 * `offer`, without touching the queue; a timer runs only while the throughput limit (not the window) holds them.
 */
import { performance } from "node:perf_hooks";
import { MtThrottle } from "./throttle";
import { SubmitWindow } from "./window";

export interface Throttled {
  /** Throughput slot taken when sent (see MtThrottle), -1 when unlimited. */
  slot: number;
}

export class SubmitQueue<T extends Throttled> {
  private readonly window: SubmitWindow<T>;
  private readonly throttle: MtThrottle | null;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;

  /** `send` writes a submit_sm that may go now; it is already counted in the window. */
  constructor(
    windowSize: number,
    mtPerSecond: number | undefined,
    private readonly send: (item: T) => void,
  ) {
    this.window = new SubmitWindow<T>(windowSize);
    this.throttle = mtPerSecond && mtPerSecond > 0 ? new MtThrottle(mtPerSecond) : null;
  }

  /** submit_sm sent and not yet answered (or timed out). */
  get inFlight(): number {
    return this.window.inFlight;
  }

  /** submit_sm waiting for room in the window (or for the throughput limit). */
  get waiting(): number {
    return this.window.waiting;
  }

  get size(): number {
    return this.window.size;
  }

  /** Sends the submit_sm at once when nothing waits before it and the window and the limit allow; queues it otherwise. */
  offer(item: T): void {
    if (
      this.window.waiting === 0 &&
      this.window.hasRoom &&
      (this.throttle === null || this.throttle.delay(performance.now()) === 0)
    ) {
      if (this.throttle) item.slot = this.throttle.take();
      this.window.inFlight++;
      this.send(item);
    } else {
      this.window.enqueue(item);
      this.pump();
    }
  }

  /** A sent submit_sm was answered or given up on: its room in the window and its slot come free. Then pump(). */
  release(item: T): void {
    this.window.inFlight--;
    if (this.throttle) this.throttle.settle(item.slot, performance.now());
  }

  /** Sends queued submit_sm while the window has room and the throughput limit allows. */
  pump(): void {
    while (this.window.waiting > 0 && this.window.hasRoom && !this.stopped) {
      let slot = -1;
      if (this.throttle) {
        const wait = this.throttle.delay(performance.now());
        // Infinity: the slot's submit_sm_resp is awaited; release() then pump() goes on.
        if (wait === Infinity) return;
        if (wait > 0) {
          if (!this.timer) this.timer = setTimeout(this.resume, Math.ceil(wait));
          return;
        }
        slot = this.throttle.take();
      }
      const item = this.window.dequeue()!;
      item.slot = slot;
      this.window.inFlight++;
      this.send(item);
    }
  }

  /** Stops sending and returns the submit_sm still queued (on close); nothing counts as in flight after. */
  stop(): T[] {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const waiting = this.window.drain();
    this.window.inFlight = 0;
    return waiting;
  }

  private readonly resume = (): void => {
    this.timer = null;
    this.pump();
  };
}
