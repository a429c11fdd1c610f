import "server-only";
import type { StoredAccount } from "@/lib/accounts/repository";
import type { TransmitBind } from "./send-port";
import { COMMAND_STATUS, commandStatusHex, commandStatusName, isRetryableStatus } from "@/lib/smpp/codec/command-status";
import { normaliseMessageId } from "@/lib/smpp/codec/status-report";
import type { SendJournal } from "./send-journal";
import { SendPacer } from "./send-pacer";
import { DeliveryRun, Job, PartQueue, type QueuedPart } from "./send-jobs";
import { observeSubmitResp } from "@/lib/metrics/submit-latency";
import { RefusalRetries } from "./refusal-retries";
import { errorMessage } from "@/lib/errors";

/** All a pump may ask of the dispatcher that runs it. */
export type PumpCallbacks = {
  stopped(): boolean;
  transmitBinds(accountId: string): TransmitBind[];
  readonly journal: SendJournal;
  readonly maxAttempts: number;
  /** A submit_sm went out / was accepted (the dispatcher's counters). */
  submitted(): void;
  accepted(): void;
  /**
   * An outcome was added to the journal's buffer: commit it soon — at once when `idle`, the pump having nothing on the
   * wire or queued any more (a delivery's last answers, or a slow one between sends).
   */
  outcomeRecorded(idle: boolean): void;
  /** A delivery may have nothing left in flight or to claim: the dispatcher checks whether it is finished. */
  runIdle(pump: AccountPump, run: DeliveryRun): void;
  log(message: string): void;
};

type BindSlot = { pacer: SendPacer; outstanding: number; pausedUntil: number; backoffMs: number };

/** Temporary refusals that only ask us to slow down: retried without counting against maxAttempts. */
const SLOW_DOWN = new Set<number>([COMMAND_STATUS.ESME_RTHROTTLED, COMMAND_STATUS.ESME_RMSGQFUL]);

/**
 * The sending loop of one account (dispatch.ts runs one per account with running deliveries): claims recipients of
 * its deliveries in order, and sends their parts over the account's bound transmit binds in turn, each within its
 * window and its SendPacer; answers move recipients on (sent, failed, or again later).
 *
 * Over 300 lines on purpose: one loop whose claim, send and answer paths share its per-bind slots and queue; split
 * apart they would pass that state back and forth on the submit path, the product's hottest.
 */
export class AccountPump {
  readonly runs: DeliveryRun[] = [];
  readonly queue = new PartQueue();
  private readonly slots = new Map<string, BindSlot>();
  private claiming = false;
  private timer: NodeJS.Timeout | null = null;
  private timerAt = Infinity;
  private immediate = false;
  account: StoredAccount | null = null;
  inFlight = 0;
  private readonly refusals = new RefusalRetries();

  constructor(
    readonly accountId: string,
    private readonly d: PumpCallbacks,
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
    this.timer = setTimeout(
      () => {
        this.timer = null;
        this.timerAt = Infinity;
        this.pump();
      },
      Math.max(1, Math.ceil(ms)),
    );
  }

  clearTimers(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.refusals.clear();
  }

  private slot(b: TransmitBind): BindSlot {
    let s = this.slots.get(b.key);
    if (!s || s.pacer.perSecond !== b.mtPerSecond) {
      s = { pacer: new SendPacer(b.mtPerSecond), outstanding: s?.outstanding ?? 0, pausedUntil: 0, backoffMs: 0 };
      this.slots.set(b.key, s);
    }
    return s;
  }

  /** Nothing on the wire nor queued. */
  private get idle(): boolean {
    return this.inFlight === 0 && this.queue.length === 0;
  }

  /** Parts claimed and waiting for a bind's window or for mtPerSecond. */
  get queued(): number {
    return this.queue.length;
  }

  pump(): void {
    if (this.d.stopped() || !this.account) return;
    const binds = this.d.transmitBinds(this.accountId).filter((b) => b.bound);
    if (binds.length === 0) return;
    const now = performance.now();
    // Every submit_sm of this pass leaves in one socket write per bind when it ends (the pass is synchronous, so
    // nothing waits for a later tick): measured sending 200,000, one write(2) per PDU took 37 % of this process's CPU.
    return batchAll(binds, () => this.fill(binds, now));
  }

  private fill(binds: TransmitBind[], now: number): void {
    let minWait = Infinity;
    for (let progress = true; progress && this.queue.length > 0;) {
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
        if (part.job.failure || part.job.retry) {
          // Another part of this message failed for good, or the message goes again later: the rest is not sent.
          this.partDone(part.job);
          progress = true;
          continue;
        }
        if (part.job.refusal) {
          // A part was refused softly: set aside until the parts in flight tell how the message is retried.
          part.job.refusal.held.push(part);
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
    this.d.submitted();
    const timeoutMs = (this.account?.throughput.mtTimeout ?? 30) * 1000;
    const sentAt = performance.now();
    bind.submit(job.parts[part.index], timeoutMs).then(
      (resp) => {
        const now = performance.now();
        // The pacer of the send (a new one replaces it when mtPerSecond changes).
        pacer.answered(ticket, now);
        observeSubmitResp(this.accountId, (now - sentAt) / 1000);
        this.onResponse(part, slot, resp.commandStatus, resp.messageId);
      },
      (err: unknown) => {
        const now = performance.now();
        pacer.answered(ticket, now);
        // A timeout is a submit_sm_resp at least mtTimeout late: in the histogram, so that the account page can warn
        // that the SMSC answers slower than the MT expiration (lib/bind-state/warnings.ts).
        if ((err as { code?: unknown } | null)?.code === "mt_timeout") observeSubmitResp(this.accountId, (now - sentAt) / 1000);
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
      this.d.accepted();
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
      // Refusals are looked up in the account's error table like SRs: a soft one is sent again by the retry policy.
      const outcome = this.refusals.qualify(this.account, status);
      if (outcome?.type === "soft") {
        job.refusal ??= { reason: outcome.reason, status: name, errorCode: commandStatusHex(status), refused: [], held: [] };
        job.refusal.refused.push(part);
      } else {
        job.outcomes[part.index] = { messageId: null, state: "failed", status: name, errorCode: commandStatusHex(status) };
        job.failure ??= { reason: outcome?.reason ?? name, errorCode: commandStatusHex(status) };
        // A hard refusal (e.g. ESME_RINVDSTADR) quarantines the number as a hard SR error does.
        if (outcome?.quarantine) this.refusals.quarantine(job.parts[part.index].destination_addr, outcome.reason, this.d.log);
        this.partDone(job);
      }
    }
    this.settleRefusal(job);
    this.schedule();
  }

  /**
   * Once no part of a softly refused message is in flight, chooses how it goes again. None of its parts accepted (a
   * single-part message, or its first parts refused): the recipient is recorded in state "retry" with its retryAt
   * through the journal, and the dispatcher's poll (releaseDueRetries) puts it back to pending then, so nothing waits
   * in memory and a restart meanwhile neither loses it nor counts it possibly duplicated. Some parts accepted:
   * resending the whole message would deliver those twice, so only the refused parts go again, from a timer here (a
   * restart meanwhile resends the message, counted possibly duplicated). Past the policy, the message fails.
   */
  private settleRefusal(job: Job): void {
    const r = job.refusal;
    if (!r || job.inFlight > 0) return;
    job.refusal = null;
    const at = job.failure || job.run.cancelled ? null : this.refusals.nextRetryAt(job);
    const accepted = job.outcomes.some((o) => o?.state === "sent");
    if (at && accepted) {
      job.memoryRetries++;
      for (let i = r.held.length - 1; i >= 0; i--) this.queue.unshift(r.held[i]);
      this.refusals.later(at, () => {
        for (const p of r.refused) {
          p.attempts = 0;
          this.requeue(p);
        }
      });
      return;
    }
    for (const p of r.refused)
      job.outcomes[p.index] = { messageId: null, state: "failed", status: r.status, errorCode: r.errorCode };
    if (at) {
      const { retryCount } = job.run.options;
      job.retry = { at, reason: `${r.reason}: retry ${job.retriesBefore + 1} of ${retryCount}`, errorCode: r.errorCode };
    } else job.failure ??= { reason: r.reason, errorCode: r.errorCode };
    for (let n = r.refused.length + r.held.length; n > 0; n--) this.partDone(job);
  }

  /** A part whose refusal was retried by the policy goes first in the queue, or fails if its delivery stopped. */
  private requeue(part: QueuedPart): void {
    if (this.d.stopped()) return;
    if (part.job.run.cancelled) {
      part.job.failure ??= { reason: "Cancelled while waiting for a retry", errorCode: null };
      this.partDone(part.job);
    } else this.queue.unshift(part);
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
      const why = errorMessage(err);
      job.outcomes[part.index] = {
        messageId: null,
        state: "failed",
        status: `No submit_sm_resp after ${part.attempts} attempts`,
        errorCode: null,
      };
      job.failure ??= { reason: `No submit_sm_resp after ${part.attempts} attempts: ${why}`, errorCode: null };
      this.partDone(job);
    } else {
      this.queue.unshift(part);
    }
    this.settleRefusal(job);
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
    const retry = job.failure ? null : job.retry;
    this.d.journal.record({
      deliveryId: job.run.id,
      accountId: this.accountId,
      recipientId: job.recipientId,
      state: job.failure ? "failed" : retry ? "retry" : "sent",
      messageId: !retry && first && first.state === "sent" ? first.messageId : null,
      reason: job.failure?.reason ?? retry?.reason ?? null,
      errorCode: job.failure?.errorCode ?? retry?.errorCode ?? null,
      parts: job.outcomes.filter((o) => o !== null),
      newlyPossiblyDuplicated: job.newlyPossiblyDuplicated,
      retryAt: retry?.at ?? null,
      retries: job.memoryRetries + (retry ? 1 : 0),
    });
    this.d.outcomeRecorded(this.idle);
  }

  /**
   * Parts to keep queued: about 200 ms of sending (a window's worth per bind at least); without an MT/s limit ten
   * windows. A claim runs after the commit the journal is writing (one connection, one writer), a few ms: with four
   * windows queued (2026-12-04, product-path bench, 50,000 MT/s) the queue ran dry in 5–10 % of the passes, with ten
   * in 0.6 %.
   */
  private depth(binds: TransmitBind[]): number {
    let n = 0;
    for (const b of binds) n += b.mtPerSecond > 0 ? Math.max(b.window, Math.ceil(b.mtPerSecond / 5)) : b.window * 10;
    return Math.min(5000, Math.max(10, n));
  }

  private maybeClaim(binds: TransmitBind[]): void {
    if (this.claiming || this.d.stopped() || !this.account) return;
    const depth = this.depth(binds);
    if (this.queue.length >= depth / 2) return;
    const run = this.runs.find((r) => !r.exhausted && !r.cancelled && r.ready);
    if (!run) return;
    const want = Math.max(1, Math.ceil((depth - this.queue.length) / run.partsPerMessage));
    this.claiming = true;
    this.d.journal.claim(run.id, want, this.account.channel.shortCode).then(
      async (rows) => {
        this.claiming = false;
        if (run.cancelled || this.d.stopped()) {
          // Not released (database refusing): they stay claimed ("wire", or swept and not settled) and a restart
          // resends them as possibly duplicated.
          await this.d.journal
            .release(rows.map((r) => r.id))
            .catch((e: unknown) => this.d.log(`release for delivery ${run.id} failed: ${errorMessage(e)}`));
          return;
        }
        if (rows.length === 0) {
          run.exhausted = true;
          this.d.runIdle(this, run);
          this.schedule();
          return;
        }
        for (const r of rows) {
          const built = run.partsFor(r.number, r.id, r.fields);
          if (!built.ok) {
            this.d.journal.record({
              deliveryId: run.id,
              accountId: this.accountId,
              recipientId: r.id,
              state: built.state,
              messageId: null,
              reason: built.error,
              errorCode: null,
              parts: [],
              newlyPossiblyDuplicated: false,
            });
            continue;
          }
          const job = new Job(run, r.id, built.parts, r.possiblyDuplicated, r.retries);
          run.activeJobs++;
          for (let i = 0; i < built.parts.length; i++) this.queue.push({ job, index: i, attempts: 0 });
        }
        this.d.outcomeRecorded(this.idle);
        this.pump();
      },
      (e: unknown) => {
        this.claiming = false;
        this.d.log(`claim for delivery ${run.id} failed: ${errorMessage(e)}`);
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

/** Runs `fn` inside every bind's batch (nested), so that each bind's submit_sm go out in one write. */
function batchAll(binds: readonly TransmitBind[], fn: () => void): void {
  let run = fn;
  for (const b of binds) {
    const inner = run;
    run = b.batch ? () => b.batch!(inner) : inner;
  }
  run();
}
