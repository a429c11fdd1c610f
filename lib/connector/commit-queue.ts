/**
 * Group commit: items pushed while a commit runs wait and go together into the next one, so that concurrent MOs or
 * SRs (a window of 100 outstanding deliver_sm per bind) share one transaction. Each push resolves with its own
 * outcome only after the transaction that holds it has committed, or rejects when it failed.
 */
/** A per-item failure in a commit's results: that item is rejected, the others resolve. */
export class CommitFailure {
  constructor(readonly error: unknown) {}
}

/**
 * Commits a batch; when it fails for a reason other than a lock (one bad item: a constraint, an account deleted
 * meanwhile), commits each item on its own so that one poison PDU does not make every PDU of its batch refused
 * again and again. A locked or refusing database fails the whole batch at once.
 */
export async function commitIsolatingFailures<I, R>(
  items: I[],
  commit: (items: I[]) => Promise<R[]>,
): Promise<(R | CommitFailure)[]> {
  try {
    return await commit(items);
  } catch (e) {
    const code = String((e as { code?: unknown } | null)?.code ?? "");
    if (items.length === 1 || code.startsWith("SQLITE_BUSY") || code.startsWith("SQLITE_LOCKED")) throw e;
    const out: (R | CommitFailure)[] = [];
    for (const item of items) {
      try {
        out.push((await commit([item]))[0]);
      } catch (err) {
        out.push(new CommitFailure(err));
      }
    }
    return out;
  }
}

export class CommitQueue<I, R> {
  private queue: { item: I; resolve: (r: R) => void; reject: (e: unknown) => void }[] = [];
  private running = false;
  private scheduled = false;

  constructor(
    private readonly commit: (items: I[]) => Promise<(R | CommitFailure)[]>,
    private readonly maxBatch = 1000,
  ) {}

  push(item: I): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.schedule();
    });
  }

  get pending(): number {
    return this.queue.length;
  }

  private schedule(): void {
    if (this.running || this.scheduled) return;
    this.scheduled = true;
    // setImmediate: every PDU already read from the socket in this tick joins the batch.
    setImmediate(() => {
      this.scheduled = false;
      void this.run();
    });
  }

  private async run(): Promise<void> {
    if (this.running || this.queue.length === 0) return;
    this.running = true;
    const batch = this.queue.splice(0, this.maxBatch);
    try {
      const results = await this.commit(batch.map((b) => b.item));
      batch.forEach((b, i) => {
        const r = results[i];
        if (r instanceof CommitFailure) b.reject(r.error);
        else b.resolve(r);
      });
    } catch (e) {
      for (const b of batch) b.reject(e);
    } finally {
      this.running = false;
      if (this.queue.length > 0) this.schedule();
    }
  }
}
