/**
 * "Max MT throughput" (routing-account spec, `throughput.mtPerSecond`): at most N submit_sm per connection in ANY
 * 1-second window, not per calendar second. A fixed per-second counter lets 2N through across a second boundary,
 * which SMSCs that count with a sliding window answer with ESME_RTHROTTLED; remembering the send time of the last N
 * MT makes the limit exact. O(1) per MT, N numbers of memory. 0 = unlimited.
 */
export class MtThrottle {
  private readonly sentAt: Float64Array;
  private next = 0;

  constructor(
    readonly perSecond: number,
    private readonly windowMs = 1000,
  ) {
    this.sentAt = new Float64Array(perSecond > 0 ? perSecond : 0).fill(-Infinity);
  }

  get unlimited(): boolean {
    return this.perSecond <= 0;
  }

  /** Milliseconds to wait before one more MT may go (0 = now). `now` from performance.now(). */
  delay(now: number): number {
    if (this.perSecond <= 0) return 0;
    const wait = this.sentAt[this.next] + this.windowMs - now;
    return wait > 0 ? wait : 0;
  }

  /** Records one MT sent at `now`. */
  record(now: number): void {
    if (this.perSecond <= 0) return;
    this.sentAt[this.next] = now;
    this.next = this.next + 1 === this.perSecond ? 0 : this.next + 1;
  }

  /** Takes a slot when one is free: returns 0, or the milliseconds to wait (nothing taken). */
  tryTake(now: number): number {
    const wait = this.delay(now);
    if (wait === 0) this.record(now);
    return wait;
  }
}
