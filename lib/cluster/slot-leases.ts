import "server-only";
import crypto from "node:crypto";
import type { ClusterMembership } from "./membership";
import { errorMessage } from "@/lib/errors";

/**
 * Which node runs which bind slot (account, role, connection index) in a cluster. Every node runs the
 * same accounts; each slot's bind is started only by the node that holds the slot's lease (ClusterMembership), so
 * the SMSC never sees more binds than the account's "Simultaneous connections" per role, summed over the cluster.
 *
 * Every `intervalMs` each node aims at its fair share, ceil(slots / live nodes), and at most ceil(account's slots /
 * live nodes) of each account: it takes free slots up to it and
 * hands back (unbind first, then unlock) those above it, so that a node joining gets its share and a node dying
 * leaves its slots to the others: its locks go when its PostgreSQL session does, and they are taken at the next
 * round (≤ intervalMs), bound after the account's reconnect delay at most.
 */
export type LeasedSlot = {
  /** `${accountId}:${role}:${connectionIndex}`. */
  readonly key: string;
  /** This node holds the lease: start binding. */
  grant(): void;
  /** The lease goes (handed over, or the session lost): unbind now. */
  revoke(): Promise<void>;
};

type Entry = { slot: LeasedSlot; held: boolean; busy: boolean };

/** The account of a slot key (`accountId:role:index`). */
const accountOf = (key: string): string => key.slice(0, key.indexOf(":"));

export class SlotLeases {
  private readonly slots = new Map<string, Entry>();
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = true;

  constructor(
    private readonly membership: ClusterMembership,
    private readonly opts: { intervalMs?: number; log?: (m: string) => void } = {},
  ) {
    membership.on("lost", () => void this.revokeAll());
  }

  /** Slots this node holds now (the keys). */
  held(): string[] {
    return [...this.slots.values()].filter((e) => e.held).map((e) => e.slot.key);
  }

  isHeld(key: string): boolean {
    return this.slots.get(key)?.held === true;
  }

  start(): void {
    this.stopped = false;
    this.timer = setInterval(() => this.kick(), this.opts.intervalMs ?? 1000);
    this.timer.unref();
    this.kick();
  }

  /** Stops balancing and gives every lease back after its bind is unbound. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
    await Promise.all([...this.slots.keys()].map((k) => this.release(k)));
  }

  register(slot: LeasedSlot): void {
    this.slots.set(slot.key, { slot, held: false, busy: false });
    this.kick();
  }

  /** The slot is gone (account saved, disabled, deleted): unbound by the caller, its lease is given back. */
  async unregister(key: string): Promise<void> {
    await this.release(key);
    this.slots.delete(key);
  }

  /** A balancing round now (also on register), one at a time. */
  kick(): void {
    if (this.stopped || this.running) return;
    this.running = this.round()
      .catch((e: unknown) => this.opts.log?.(`[cluster] lease round failed: ${errorMessage(e)}`))
      .finally(() => (this.running = null));
  }

  private async round(): Promise<void> {
    if (!this.membership.connected || this.slots.size === 0) return;
    const live = Math.max(1, await this.membership.liveNodes());
    const entries = [...this.slots.values()];
    // Fair shares: of all slots, and of each account's (so that every account keeps binds on several nodes and
    // loses only part of them with one node).
    const target = Math.ceil(entries.length / live);
    const perAccount = new Map<string, { total: number; held: number }>();
    for (const e of entries) {
      const a = perAccount.get(accountOf(e.slot.key)) ?? { total: 0, held: 0 };
      a.total++;
      if (e.held) a.held++;
      perAccount.set(accountOf(e.slot.key), a);
    }
    const cap = (key: string) => Math.ceil(perAccount.get(accountOf(key))!.total / live);
    let held = entries.filter((e) => e.held).length;
    // Above a share (a node joined): hand back the extra ones, the most recently taken first.
    for (const e of entries.filter((x) => x.held).reverse()) {
      const a = perAccount.get(accountOf(e.slot.key))!;
      if (held <= target && a.held <= cap(e.slot.key)) continue;
      await this.release(e.slot.key);
      held--;
      a.held--;
    }
    // Below them: try free slots, in an order of this node's own (so that nodes starting together try different ones).
    const order = entries
      .filter((e) => !e.held && !e.busy)
      .sort((a, b) => this.rank(a.slot.key).localeCompare(this.rank(b.slot.key)));
    const taken: Entry[] = [];
    for (const e of order) {
      if (held >= target || this.stopped) break;
      const a = perAccount.get(accountOf(e.slot.key))!;
      if (a.held >= cap(e.slot.key)) continue;
      if (!(await this.membership.tryLock(e.slot.key))) continue;
      if (!this.slots.has(e.slot.key)) {
        await this.membership.unlock(e.slot.key);
        continue;
      }
      e.held = true;
      held++;
      a.held++;
      taken.push(e);
    }
    // Started together once the round has its locks: an account's binds come up as one, as without a cluster.
    for (const e of taken) e.slot.grant();
  }

  private rank(key: string): string {
    return crypto.createHash("sha1").update(`${this.membership.nodeId}|${key}`).digest("hex");
  }

  private async release(key: string): Promise<void> {
    const e = this.slots.get(key);
    if (!e || !e.held) return;
    e.busy = true;
    try {
      await e.slot.revoke();
    } finally {
      e.held = false;
      await this.membership.unlock(key);
      e.busy = false;
    }
  }

  /** The session is gone: the locks may already be someone else's, so every bind stops now. */
  private async revokeAll(): Promise<void> {
    await Promise.all(
      [...this.slots.values()]
        .filter((e) => e.held)
        .map(async (e) => {
          e.held = false;
          await e.slot.revoke().catch(() => undefined);
        }),
    );
  }
}
