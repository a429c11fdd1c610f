import { MtThrottle } from "@/lib/smpp/throttle";

/**
 * The per-connection send limit of the dispatcher: at most `perSecond` submit_sm in any 1-second window *as the
 * SMSC receives them*, spread evenly by a token bucket that holds at most 20 ms of sends (2 at least).
 *
 * Why answers, not send times: the SMSC judges the limit on its receive times, which we never see. A PDU delayed on
 * the way (a busy event loop, TCP batching, a loaded machine) lands closer to the next one than it was sent, so a
 * window kept on send times alone is overrun by that jitter (measured: 255 in one second at 250/s under load).
 * The SMSC received submit_sm i before we read its submit_sm_resp, and receives submit_sm i+N after we send it;
 * so sending i+N no sooner than 1 s after the answer to i keeps every N+1 consecutive PDUs more than 1 s apart at
 * the SMSC, whatever the delays. The cost is one round trip per second of sending (0.1 % on a LAN).
 * A submit_sm that gets no answer (timeout, closed connection) counts from the moment we give up on it.
 * That ring is the session's own MtThrottle (lib/smpp/throttle.ts); the dispatcher keeps one per bind so that it
 * claims a recipient only when the bind can send it now, and adds the token bucket that spreads the sends evenly.
 */
export class SendPacer {
  private readonly ring: MtThrottle;
  private tokens: number;
  private lastRefill = -Infinity;
  private readonly burst: number;

  constructor(
    readonly perSecond: number,
    marginMs = 1,
  ) {
    this.ring = new MtThrottle(perSecond, 1000 + marginMs);
    // At least 2: a timer fires a little late, and the fraction of a token earned meanwhile must carry over
    // (with 1, 50/s paced by 20 ms timers that fire at 21 ms gives 47/s).
    this.burst = Math.max(2, Math.ceil(perSecond / 50));
    this.tokens = this.burst;
  }

  get unlimited(): boolean {
    return this.perSecond <= 0;
  }

  /**
   * Milliseconds before one more submit_sm may go: 0 = now, Infinity = when an outstanding one is answered.
   * `now` from performance.now().
   */
  delay(now: number): number {
    if (this.perSecond <= 0) return 0;
    this.refill(now);
    const tokenWait = this.tokens >= 1 ? 0 : ((1 - this.tokens) * 1000) / this.perSecond;
    const wait = Math.max(this.ring.delay(now), tokenWait);
    // Below a microsecond is rounding (and timers cannot wait that little anyway); the 1 ms margin covers it.
    return wait > 0.001 ? wait : 0;
  }

  /** Records one submit_sm sent at `now` (after `delay(now) === 0`); returns the ticket to pass to `answered`. */
  record(now: number): number {
    if (this.perSecond <= 0) return -1;
    this.refill(now);
    this.tokens -= 1;
    return this.ring.take();
  }

  /** The submit_sm of `ticket` was answered (or given up on) at `now`. */
  answered(ticket: number, now: number): void {
    this.ring.settle(ticket, now);
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
