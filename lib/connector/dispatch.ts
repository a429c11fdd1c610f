import "server-only";
import { getAccount, type StoredAccount } from "@/lib/accounts/repository";
import { accountEvents } from "@/lib/accounts/events";
import { COMMAND_STATUS, commandStatusHex, commandStatusName, isRetryableStatus } from "@/lib/smpp/command-status";
import { normaliseMessageId } from "@/lib/smpp/status-report";
import { deliveryEvents } from "@/lib/deliveries/events";
import { failInterruptedImports } from "@/lib/deliveries/repository";
import { SendJournal, type RunningDelivery } from "@/lib/deliveries/send-journal";
import { SendPacer } from "@/lib/deliveries/send-pacer";
import { DeliveryRun, Job, PartQueue, type QueuedPart } from "@/lib/deliveries/send-jobs";
import { computeDeliveryKpis, matchPendingReports } from "./status-reports";

/**
 * Bulk delivery dispatch (issue 5): sends the pending recipients of running deliveries through the connector's
 * transmit binds, spread over the account's connections, at most `window` submit_sm outstanding and `mtPerSecond`
 * per connection in any one-second window as the SMSC receives them (SendPacer), retrying throttled and unanswered submit_sm, and keeping
 * every recipient's state in the database (SendJournal) so that a restart resumes where it stopped.
 */

/** One transmit-capable bind of the connector (transmitter or transceiver), as `getConnector().transmitBinds()` lists them. */
export type TransmitBind = {
  key: string;
  accountId: string;
  connectionIndex: number;
  bound: boolean;
  window: number;
  mtPerSecond: number;
  submit(fields: object, timeoutMs: number): Promise<{ commandStatus: number; messageId: string }>;
};

export interface DispatchConnector {
  transmitBinds(accountId: string): TransmitBind[];
  on?(event: "bind-up", listener: (accountId: string, bindKey: string) => void): unknown;
  off?(event: "bind-up", listener: (accountId: string, bindKey: string) => void): unknown;
}

export type DispatcherOptions = {
  /** How often running deliveries are looked up (new ones, cancelled ones), ms. */
  pollMs?: number;
  /** Longest wait before outcomes are committed, ms. */
  flushMs?: number;
  /** submit_sm attempts per part (timeouts, lost connections, temporary errors) before the recipient fails. */
  maxAttempts?: number;
  journal?: SendJournal;
  loadAccount?: (id: string) => Promise<StoredAccount | null>;
  log?: (message: string) => void;
};

export interface Dispatcher {
  /** Looks for work now (a new delivery, a bind that came up). */
  wake(): void;
  /** Stops sending; waits up to `drainMs` for outstanding submit_sm, commits, puts unsent recipients back to pending. */
  stop(opts?: { drainMs?: number }): Promise<void>;
  stats(): { submitted: number; accepted: number; inFlight: number; queued: number };
}

type BindSlot = { pacer: SendPacer; outstanding: number; pausedUntil: number; backoffMs: number };

const FLUSH_AT = 2000;
/** Temporary refusals that only ask us to slow down: retried without counting against maxAttempts. */
const SLOW_DOWN = new Set<number>([COMMAND_STATUS.ESME_RTHROTTLED, COMMAND_STATUS.ESME_RMSGQFUL]);

class AccountPump {
  readonly runs: DeliveryRun[] = [];
  readonly queue = new PartQueue();
  private readonly slots = new Map<string, BindSlot>();
  private claiming = false;
  private timer: NodeJS.Timeout | null = null;
  private timerAt = Infinity;
  private immediate = false;
  account: StoredAccount | null = null;
  inFlight = 0;

  constructor(
    readonly accountId: string,
    private readonly d: DispatcherImpl,
  ) {}

  schedule(): void {
    if (this.immediate) return;
    this.immediate = true;
    setImmediate(() => {
      this.immediate = false;
      this.pump();
    });
  }

  private scheduleIn(ms: number): void {
    const at = performance.now() + ms;
    if (this.timer && this.timerAt <= at) return;
    if (this.timer) clearTimeout(this.timer);
    this.timerAt = at;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.timerAt = Infinity;
      this.pump();
    }, Math.max(1, Math.ceil(ms)));
  }

  clearTimers(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private slot(b: TransmitBind): BindSlot {
    let s = this.slots.get(b.key);
    if (!s || s.pacer.perSecond !== b.mtPerSecond) {
      s = { pacer: new SendPacer(b.mtPerSecond), outstanding: s?.outstanding ?? 0, pausedUntil: 0, backoffMs: 0 };
      this.slots.set(b.key, s);
    }
    return s;
  }

  pump(): void {
    if (this.d.stopped || !this.account) return;
    const binds = this.d.connector.transmitBinds(this.accountId).filter((b) => b.bound);
    if (binds.length === 0) return;
    const now = performance.now();
    let minWait = Infinity;
    for (let progress = true; progress && this.queue.length > 0; ) {
      progress = false;
      for (const b of binds) {
        const slot = this.slot(b);
        if (slot.outstanding >= b.window) continue;
        if (now < slot.pausedUntil) {
          minWait = Math.min(minWait, slot.pausedUntil - now);
          continue;
        }
        const wait = slot.pacer.delay(now);
        if (wait > 0) {
          minWait = Math.min(minWait, wait);
          continue;
        }
        const part = this.queue.shift();
        if (!part) break;
        if (part.job.failure) {
          // Another part of this message failed for good: the rest is not sent.
          this.partDone(part.job);
          progress = true;
          continue;
        }
        this.transmit(part, b, slot, slot.pacer, slot.pacer.record(now));
        progress = true;
      }
    }
    if (this.queue.length > 0 && minWait < Infinity) this.scheduleIn(minWait);
    this.maybeClaim(binds);
  }

  private transmit(part: QueuedPart, bind: TransmitBind, slot: BindSlot, pacer: SendPacer, ticket: number): void {
    const job = part.job;
    slot.outstanding++;
    this.inFlight++;
    job.inFlight++;
    part.attempts++;
    job.transmitted = true;
    this.d.submitted++;
    const timeoutMs = (this.account?.throughput.mtTimeout ?? 30) * 1000;
    bind.submit(job.parts[part.index], timeoutMs).then(
      (resp) => {
        // The pacer of the send (a new one replaces it when mtPerSecond changes).
        pacer.answered(ticket, performance.now());
        this.onResponse(part, slot, resp.commandStatus, resp.messageId);
      },
      (err: unknown) => {
        pacer.answered(ticket, performance.now());
        this.onNoResponse(part, slot, err);
      },
    );
  }

  private settle(part: QueuedPart, slot: BindSlot): void {
    slot.outstanding--;
    this.inFlight--;
    part.job.inFlight--;
  }

  private onResponse(part: QueuedPart, slot: BindSlot, status: number, messageId: string): void {
    this.settle(part, slot);
    const job = part.job;
    if (status === 0) {
      slot.backoffMs = 0;
      this.d.accepted++;
      job.outcomes[part.index] = {
        messageId: normaliseMessageId(messageId ?? "", this.account?.smsc.mtIdFormat ?? "asIs"),
        state: "sent",
        status: null,
        errorCode: null,
      };
      this.d.journal.countRate(job.run.id, Math.floor(Date.now() / 1000), 1);
      this.partDone(job);
    } else if (SLOW_DOWN.has(status) && part.attempts < this.d.maxAttempts * 10) {
      this.slowDown(slot);
      this.queue.unshift(part);
    } else if (isRetryableStatus(status) && part.attempts < this.d.maxAttempts) {
      this.slowDown(slot);
      this.queue.unshift(part);
    } else {
      const name = commandStatusName(status);
      job.outcomes[part.index] = { messageId: null, state: "failed", status: name, errorCode: commandStatusHex(status) };
      job.failure ??= { reason: name, errorCode: commandStatusHex(status) };
      this.partDone(job);
    }
    this.schedule();
  }

  /** submit_sm_resp never came (mtTimeout) or the connection closed first: sent again, maybe on another bind. */
  private onNoResponse(part: QueuedPart, slot: BindSlot, err: unknown): void {
    this.settle(part, slot);
    const job = part.job;
    // The SMSC may have taken the first one: the handset may get it twice.
    if (!job.possiblyDuplicated) {
      job.possiblyDuplicated = true;
      job.newlyPossiblyDuplicated = true;
    }
    if (part.attempts >= this.d.maxAttempts) {
      const why = err instanceof Error ? err.message : String(err);
      job.outcomes[part.index] = { messageId: null, state: "failed", status: `No submit_sm_resp after ${part.attempts} attempts`, errorCode: null };
      job.failure ??= { reason: `No submit_sm_resp after ${part.attempts} attempts: ${why}`, errorCode: null };
      this.partDone(job);
    } else {
      this.queue.unshift(part);
    }
    this.schedule();
  }

  /** ESME_RTHROTTLED and friends: this connection pauses, 100 ms doubling up to 2 s while refusals go on. */
  private slowDown(slot: BindSlot): void {
    slot.backoffMs = Math.min(2000, slot.backoffMs ? slot.backoffMs * 2 : 100);
    slot.pausedUntil = performance.now() + slot.backoffMs;
  }

  private partDone(job: Job): void {
    job.remaining--;
    if (job.remaining > 0 || job.inFlight > 0) return;
    job.run.activeJobs--;
    const first = job.outcomes[0];
    this.d.journal.record({
      deliveryId: job.run.id,
      accountId: this.accountId,
      recipientId: job.recipientId,
      state: job.failure ? "failed" : "sent",
      messageId: first && first.state === "sent" ? first.messageId : null,
      reason: job.failure?.reason ?? null,
      errorCode: job.failure?.errorCode ?? null,
      parts: job.outcomes.filter((o) => o !== null),
      newlyPossiblyDuplicated: job.newlyPossiblyDuplicated,
    });
    this.d.scheduleFlush();
  }

  /** Parts to keep queued: about 200 ms of sending (a window's worth per bind at least). */
  private depth(binds: TransmitBind[]): number {
    let n = 0;
    for (const b of binds) n += b.mtPerSecond > 0 ? Math.max(b.window, Math.ceil(b.mtPerSecond / 5)) : b.window * 4;
    return Math.min(5000, Math.max(10, n));
  }

  private maybeClaim(binds: TransmitBind[]): void {
    if (this.claiming || this.d.stopped || !this.account) return;
    const depth = this.depth(binds);
    if (this.queue.length >= depth / 2) return;
    const run = this.runs.find((r) => !r.exhausted && !r.cancelled && r.ready);
    if (!run) return;
    const want = Math.max(1, Math.ceil((depth - this.queue.length) / run.partsPerMessage));
    this.claiming = true;
    this.d.journal.claim(run.id, want, this.account.channel.shortCode).then(
      async (rows) => {
        this.claiming = false;
        if (run.cancelled || this.d.stopped) {
          await this.d.journal.release(rows.map((r) => r.id));
          return;
        }
        if (rows.length === 0) {
          run.exhausted = true;
          this.d.checkFinished(this, run);
          this.schedule();
          return;
        }
        for (const r of rows) {
          const built = run.partsFor(r.number, r.id);
          if (!built.ok) {
            this.d.journal.record({
              deliveryId: run.id,
              accountId: this.accountId,
              recipientId: r.id,
              state: "skipped",
              messageId: null,
              reason: built.error,
              errorCode: null,
              parts: [],
              newlyPossiblyDuplicated: false,
            });
            continue;
          }
          const job = new Job(run, r.id, built.parts, r.possiblyDuplicated);
          run.activeJobs++;
          for (let i = 0; i < built.parts.length; i++) this.queue.push({ job, index: i, attempts: 0 });
        }
        this.d.scheduleFlush();
        this.pump();
      },
      (e: unknown) => {
        this.claiming = false;
        this.d.log(`claim for delivery ${run.id} failed: ${e instanceof Error ? e.message : e}`);
        this.scheduleIn(500);
      },
    );
  }

  /** Takes a cancelled delivery's untouched recipients out of the queue (their ids, to put back to pending). */
  dropRun(run: DeliveryRun): number[] {
    run.cancelled = true;
    const released = this.queue.removeWhere((p) => p.job.run === run && !p.job.transmitted);
    const ids = [...new Set(released.map((p) => p.job.recipientId))];
    run.activeJobs -= ids.length;
    return ids;
  }
}

class DispatcherImpl implements Dispatcher {
  stopped = false;
  submitted = 0;
  accepted = 0;
  readonly journal: SendJournal;
  readonly maxAttempts: number;
  readonly log: (message: string) => void;
  private readonly pumps = new Map<string, AccountPump>();
  private readonly runs = new Map<string, { run: DeliveryRun; pump: AccountPump }>();
  private pollTimer: NodeJS.Timeout | null = null;
  private flushTimer: NodeJS.Timeout | null = null;
  private polling: Promise<void> | null = null;
  private flushing: Promise<void> | null = null;
  private readonly loadAccount: (id: string) => Promise<StoredAccount | null>;

  constructor(
    readonly connector: DispatchConnector,
    private readonly opts: DispatcherOptions,
  ) {
    this.journal = opts.journal ?? new SendJournal();
    this.maxAttempts = opts.maxAttempts ?? 10;
    this.log = opts.log ?? ((m) => console.warn(`[dispatch] ${m}`));
    this.loadAccount = opts.loadAccount ?? getAccount;
    deliveryEvents.on("queued", this.onQueued);
    deliveryEvents.on("cancelled", this.onCancelled);
    accountEvents.on("changed", this.onAccountChanged);
    connector.on?.("bind-up", this.onBindUp);
    // An import cut by the previous process's end cannot resume (its upload is gone): say so on the delivery.
    void failInterruptedImports().then(
      (n) => n > 0 && this.log(`${n} delivery import(s) interrupted by the restart marked failed`),
      (e: unknown) => this.log(`could not check interrupted imports: ${e instanceof Error ? e.message : e}`),
    );
    this.poll();
  }

  private readonly onQueued = () => this.wake();
  private readonly onCancelled = (id: string) => {
    const entry = this.runs.get(id);
    if (entry) void this.cancelRun(entry.run, entry.pump);
  };
  private readonly onBindUp = (accountId: string) => this.pumps.get(accountId)?.schedule();
  private readonly onAccountChanged = (accountId: string) => {
    const pump = this.pumps.get(accountId);
    if (!pump) return;
    void this.loadAccount(accountId).then((a) => {
      if (a) pump.account = a;
      pump.schedule();
    });
  };

  wake(): void {
    if (this.stopped) return;
    if (this.pollTimer) clearTimeout(this.pollTimer);
    this.pollTimer = null;
    this.poll();
  }

  private poll(): void {
    if (this.stopped || this.polling) return;
    this.polling = this.refresh()
      .catch((e: unknown) => this.log(`poll failed: ${e instanceof Error ? e.message : e}`))
      .finally(() => {
        this.polling = null;
        if (!this.stopped) this.pollTimer = setTimeout(() => this.poll(), this.opts.pollMs ?? 250);
      });
  }

  /** Starts running deliveries not seen yet; stops those cancelled elsewhere (another process, the API). */
  private async refresh(): Promise<void> {
    const running = this.journal.runningDeliveries();
    const ids = new Set(running.map((r) => r.id));
    for (const [id, { run, pump }] of this.runs) if (!ids.has(id) && !run.cancelled) await this.cancelRun(run, pump);
    for (const r of running) if (!this.runs.has(r.id)) await this.addRun(r);
    for (const pump of this.pumps.values()) pump.schedule();
  }

  private async addRun(r: RunningDelivery): Promise<void> {
    let pump = this.pumps.get(r.accountId);
    if (!pump) {
      pump = new AccountPump(r.accountId, this);
      this.pumps.set(r.accountId, pump);
    }
    if (!pump.account) pump.account = await this.loadAccount(r.accountId);
    if (!pump.account) return;
    const run = new DeliveryRun(r, pump.account);
    this.runs.set(r.id, { run, pump });
    pump.runs.push(run);
    // Recipients left "wire" by the previous process are sent again, flagged possibly duplicated.
    const again = await this.journal.resumeAfterRestart(r.id);
    if (again > 0) this.log(`delivery ${r.id}: ${again} recipients had a submit_sm without answer before the restart; sending them again`);
    run.ready = true;
  }

  private async cancelRun(run: DeliveryRun, pump: AccountPump): Promise<void> {
    const ids = pump.dropRun(run);
    await this.journal.release(ids);
    this.checkFinished(pump, run);
  }

  scheduleFlush(): void {
    if (this.journal.buffered >= FLUSH_AT) {
      void this.flush();
      return;
    }
    if (this.flushTimer || this.stopped) return;
    this.flushTimer = setTimeout(() => {
      this.flushTimer = null;
      void this.flush();
    }, this.opts.flushMs ?? 50);
  }

  private flush(): Promise<void> {
    if (this.flushing) return this.flushing.then(() => (this.journal.buffered > 0 ? this.flush() : undefined));
    this.flushing = (async () => {
      try {
        const { accountIds } = await this.journal.flush();
        for (const accountId of accountIds) {
          // An SR may have come before its submit_sm_resp was committed: match it now rather than at the sweep.
          if (!this.journal.hasRecentUnmatchedReports(accountId)) continue;
          const pump = this.pumps.get(accountId);
          await matchPendingReports(accountId, { realtimeKpi: pump?.account?.channel.realtimeKpi ?? true, recentMs: 120_000 });
        }
        for (const { run, pump } of this.runs.values()) this.checkFinished(pump, run);
      } catch (e) {
        this.log(`commit failed (retrying): ${e instanceof Error ? e.message : e}`);
        if (!this.stopped) setTimeout(() => this.scheduleFlush(), 200);
      } finally {
        this.flushing = null;
      }
    })();
    return this.flushing;
  }

  /** A delivery with nothing left to claim, in flight or uncommitted ends (finished, or stays cancelled). */
  checkFinished(pump: AccountPump, run: DeliveryRun): void {
    if (run.finishing || run.activeJobs > 0 || this.journal.buffered > 0) return;
    if (!run.exhausted && !run.cancelled) return;
    run.finishing = true;
    void (async () => {
      try {
        if (run.cancelled) {
          this.removeRun(run, pump);
          return;
        }
        if (await this.journal.finishIfDone(run.id)) {
          if (!pump.account?.channel.realtimeKpi) await computeDeliveryKpis(run.id, this.journal.writer);
          this.removeRun(run, pump);
        } else if (this.journal.deliveryStatus(run.id) !== "running") {
          this.removeRun(run, pump);
        } else {
          // Recipients appeared again (released elsewhere): claim once more after a poll interval.
          setTimeout(() => {
            run.exhausted = false;
            pump.schedule();
          }, this.opts.pollMs ?? 250);
        }
      } catch (e) {
        this.log(`finishing delivery ${run.id} failed: ${e instanceof Error ? e.message : e}`);
      } finally {
        run.finishing = false;
      }
    })();
  }

  private removeRun(run: DeliveryRun, pump: AccountPump): void {
    this.runs.delete(run.id);
    const i = pump.runs.indexOf(run);
    if (i >= 0) pump.runs.splice(i, 1);
  }

  async stop(opts: { drainMs?: number } = {}): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    deliveryEvents.off("queued", this.onQueued);
    deliveryEvents.off("cancelled", this.onCancelled);
    accountEvents.off("changed", this.onAccountChanged);
    this.connector.off?.("bind-up", this.onBindUp);
    if (this.pollTimer) clearTimeout(this.pollTimer);
    await this.polling;
    const released: number[] = [];
    for (const pump of this.pumps.values()) {
      pump.clearTimers();
      for (const run of [...pump.runs]) released.push(...pump.dropRun(run));
    }
    // 2 s by default: the server gives the connector 3 s to stop, and the last commit must fit in.
    const deadline = Date.now() + (opts.drainMs ?? 2000);
    while ([...this.pumps.values()].some((p) => p.inFlight > 0) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 10));
    }
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = null;
    await this.flushing;
    await this.journal.flush();
    await this.journal.release(released);
  }

  stats() {
    let inFlight = 0;
    let queued = 0;
    for (const p of this.pumps.values()) {
      inFlight += p.inFlight;
      queued += p.queue.length;
    }
    return { submitted: this.submitted, accepted: this.accepted, inFlight, queued };
  }
}

/** Starts sending; the connector service calls it once its binds are supervised, and `stop()` on shutdown. */
export function startDispatcher(connector: DispatchConnector, opts: DispatcherOptions = {}): Dispatcher {
  return new DispatcherImpl(connector, opts);
}
