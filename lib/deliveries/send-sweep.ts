/**
 * One delivery's sweep on SQLite, as the send journal (send-journal.ts) keeps it in memory: the recipients its claims
 * took in id order (send-journal-sqlite.ts, claimSqlite) that have no outcome written yet. They stay "pending" in the
 * database (no write per claimed row); what makes them recoverable is the delivery's two marks: `sweptThrough`
 * (written by the claim) and `settledThrough` (written with the outcomes and releases): every swept recipient up to
 * the latter is settled, so a pending one in (settledThrough, sweptThrough] after a crash may have had a submit_sm.
 *
 * `settled()` is the mark this process may write: the id just below the first swept recipient still open. Outcomes
 * count only once written (`settle` after the flush committed; `settledWith` gives the mark a flush writes in its own
 * transaction); recipients given back unsent count at once, since pending is their true state. Pure, unit-tested.
 */
export class SendSweep {
  /** Swept recipients in id order (each claim's are above the last's); those before `head` are settled. */
  private ids: number[] = [];
  private head = 0;
  /** Settled ids at or past `head` (out of order: answers come back in any order within the window). */
  private readonly done = new Set<number>();

  /** `through`: the delivery's sweptThrough as the last claim left it. */
  constructor(private through: number) {}

  /** Recipients a claim swept (ascending, above every id swept before) and the mark it wrote. */
  add(ids: readonly number[], through: number): void {
    for (const id of ids) this.ids.push(id);
    if (through > this.through) this.through = through;
  }

  /** Whether `id` was swept and is still open. */
  has(id: number): boolean {
    if (this.head >= this.ids.length || id < this.ids[this.head] || this.done.has(id)) return false;
    let lo = this.head;
    let hi = this.ids.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const v = this.ids[mid];
      if (v === id) return true;
      if (v < id) lo = mid + 1;
      else hi = mid - 1;
    }
    return false;
  }

  /** Marks swept recipients settled (outcome written, or given back unsent); ids this sweep does not hold are ignored. */
  settle(ids: Iterable<number>): void {
    for (const id of ids) if (this.has(id)) this.done.add(id);
    while (this.head < this.ids.length && this.done.delete(this.ids[this.head])) this.head++;
    if (this.head > 1024 && this.head * 2 > this.ids.length) {
      this.ids = this.ids.slice(this.head);
      this.head = 0;
    }
  }

  /** The settled mark once `also` are settled too (not recorded). */
  settledWith(also?: ReadonlySet<number>): number {
    let i = this.head;
    while (i < this.ids.length && (this.done.has(this.ids[i]) || also?.has(this.ids[i]))) i++;
    return i < this.ids.length ? this.ids[i] - 1 : this.through;
  }

  settled(): number {
    return this.settledWith();
  }

  /** Swept recipients still open. */
  get open(): number {
    return this.ids.length - this.head - this.done.size;
  }
}
