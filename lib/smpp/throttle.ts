/**
 * "Max MT throughput" (routing-account spec, `throughput.mtPerSecond`): at most N submit_sm per connection in ANY
 * 1-second window as the SMSC counts them, i.e. by when they reach it.
 *
 * A fixed per-second counter lets 2N through across a second boundary; spacing by our own send times is not enough
 * either, because the network and the SMSC's own load delay some PDUs more than others, bunching them at the SMSC.
 * So an MT's slot is only reusable 1 second after its submit_sm_resp arrived (the SMSC had received the MT before it
 * answered): the (N+1)-th next MT then reaches the SMSC more than 1 second after it, whatever the jitter. O(1) per
 * MT, N numbers of memory. 0 = unlimited.
 */
export class MtThrottle {
  /** When each of the last N slots became reusable minus the window: its response time; Infinity = still awaited. */
  private readonly freedAt: Float64Array;
  private next = 0;

  constructor(
    readonly perSecond: number,
    private readonly windowMs = 1000,
  ) {
    this.freedAt = new Float64Array(perSecond > 0 ? perSecond : 0).fill(-Infinity);
  }

  get unlimited(): boolean {
    return this.perSecond <= 0;
  }

  /**
   * Milliseconds to wait before one more MT may go (0 = now; Infinity = until an awaited submit_sm_resp arrives).
   * `now` from performance.now().
   */
  delay(now: number): number {
    if (this.perSecond <= 0) return 0;
    const wait = this.freedAt[this.next] + this.windowMs - now;
    return wait > 0 ? wait : 0;
  }

  /** Takes the next slot for an MT being sent; returns it, to be `settle`d when its response comes. */
  take(): number {
    if (this.perSecond <= 0) return -1;
    const slot = this.next;
    this.freedAt[slot] = Infinity;
    this.next = slot + 1 === this.perSecond ? 0 : slot + 1;
    return slot;
  }

  /** The MT of `slot` was answered (or given up on) at `now`. */
  settle(slot: number, now: number): void {
    if (slot >= 0) this.freedAt[slot] = now;
  }

  /** Takes a slot when one is free: returns the slot (≥ 0, or -1 when unlimited), or null with nothing taken. */
  tryTake(now: number): number | null {
    return this.delay(now) === 0 ? this.take() : null;
  }
}
