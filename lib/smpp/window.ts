/**
 * "Sending window" (routing-account spec, `throughput.window`): at most `size` submit_sm awaiting their
 * submit_sm_resp per connection; the others wait in arrival order. A ring buffer, so that a long queue costs no
 * Array.shift() copies on the hot path.
 */
export class SubmitWindow<T> {
  private ring: (T | undefined)[];
  private head = 0;
  private count = 0;
  /** submit_sm written and not yet answered (or timed out). */
  inFlight = 0;

  constructor(readonly size: number) {
    if (!(size >= 1)) throw new RangeError("The sending window is at least 1");
    this.ring = new Array<T | undefined>(16);
  }

  /** Number waiting for room in the window. */
  get waiting(): number {
    return this.count;
  }

  get hasRoom(): boolean {
    return this.inFlight < this.size;
  }

  enqueue(item: T): void {
    if (this.count === this.ring.length) this.grow();
    this.ring[(this.head + this.count) & (this.ring.length - 1)] = item;
    this.count++;
  }

  /** The oldest waiting item, removed; undefined when none waits. */
  dequeue(): T | undefined {
    if (this.count === 0) return undefined;
    const item = this.ring[this.head];
    this.ring[this.head] = undefined;
    this.head = (this.head + 1) & (this.ring.length - 1);
    this.count--;
    return item;
  }

  /** Removes and returns every waiting item (on close). */
  drain(): T[] {
    const out: T[] = [];
    for (let item = this.dequeue(); item !== undefined; item = this.dequeue()) out.push(item);
    return out;
  }

  private grow(): void {
    const bigger = new Array<T | undefined>(this.ring.length * 2);
    for (let i = 0; i < this.count; i++) bigger[i] = this.ring[(this.head + i) & (this.ring.length - 1)];
    this.ring = bigger;
    this.head = 0;
  }
}
