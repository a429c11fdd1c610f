/**
 * The per-connection send limit of the dispatcher: at most `perSecond` submit_sm in any window of
 * 1 s + `marginMs` (a ring of the last `perSecond` send times), spread evenly by a token bucket that holds at most
 * 20 ms of sends.
 *
 * Why the margin: the limit is judged by the SMSC on the times it *receives* the PDUs; a PDU delayed by a few ms on
 * the way (a busy event loop, TCP batching) would otherwise land in the same 1-second window as one sent exactly a
 * second after its predecessor. 10 ms costs 1 % of the rate and absorbs that jitter.
 * Why the even spread: a burst of N every second is what shows the jitter most; even spacing also suits SMSCs that
 * count per 100 ms.
 */
export class SendPacer {
  private readonly sentAt: Float64Array;
  private next = 0;
  private tokens: number;
  private lastRefill = -Infinity;
  private readonly burst: number;

  constructor(
    readonly perSecond: number,
    private readonly marginMs = 10,
  ) {
    this.sentAt = new Float64Array(perSecond > 0 ? perSecond : 0).fill(-Infinity);
    this.burst = Math.max(1, Math.ceil(perSecond / 50));
    this.tokens = this.burst;
  }

  get unlimited(): boolean {
    return this.perSecond <= 0;
  }

  /** Milliseconds before one more submit_sm may go (0 = now). `now` from performance.now(). */
  delay(now: number): number {
    if (this.perSecond <= 0) return 0;
    this.refill(now);
    const ringWait = this.sentAt[this.next] + 1000 + this.marginMs - now;
    const tokenWait = this.tokens >= 1 ? 0 : ((1 - this.tokens) * 1000) / this.perSecond;
    const wait = Math.max(ringWait, tokenWait);
    return wait > 0 ? wait : 0;
  }

  /** Records one submit_sm sent at `now` (call after `delay(now) === 0`). */
  record(now: number): void {
    if (this.perSecond <= 0) return;
    this.refill(now);
    this.tokens -= 1;
    this.sentAt[this.next] = now;
    this.next = this.next + 1 === this.perSecond ? 0 : this.next + 1;
  }

  private refill(now: number): void {
    if (this.lastRefill === -Infinity) {
      this.lastRefill = now;
      return;
    }
    const elapsed = now - this.lastRefill;
    if (elapsed <= 0) return;
    this.tokens = Math.min(this.burst, this.tokens + (elapsed * this.perSecond) / 1000);
    this.lastRefill = now;
  }
}
