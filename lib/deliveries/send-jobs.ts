import "server-only";
import type { StoredAccount } from "@/lib/accounts/repository";
import { buildSubmitParts, type SubmitSmFields } from "@/lib/smpp/submit";
import { countMessage } from "@/lib/smpp/codec/encoding";
import { countOptionsFor } from "@/lib/accounts/message-counter";
import { phoneKey } from "@/lib/smpp/codec/phone";
import type { PartOutcome, RunningDelivery } from "./send-journal";
import { deliveryWireTlvs, withDeliveryMaxParts, type DeliverySendOptions } from "./send-options";

/** A running delivery as the dispatcher works through it. */
export class DeliveryRun {
  readonly id: string;
  readonly accountId: string;
  readonly text: string;
  readonly sender: string;
  /** Recipients claimed and not yet answered for good. */
  activeJobs = 0;
  /** No pending recipient was left at the last claim. */
  exhausted = false;
  cancelled = false;
  /** Resumed (wire → pending) and ready to claim. */
  ready = false;
  finishing = false;
  readonly partsPerMessage: number;
  private template: SubmitSmFields[] | null = null;
  /** The account's settings with the delivery's maximum number of SMS (one object: the encoder caches by it). */
  private readonly settings: StoredAccount;
  private readonly tlvs: ReturnType<typeof deliveryWireTlvs>;

  constructor(
    r: RunningDelivery,
    account: StoredAccount,
    readonly options: DeliverySendOptions,
  ) {
    this.id = r.id;
    this.accountId = r.accountId;
    this.text = r.text;
    this.sender = r.sender;
    this.settings = withDeliveryMaxParts(account, options.maxParts);
    this.tlvs = deliveryWireTlvs(account, options);
    const count = countMessage(r.text, countOptionsFor(this.settings));
    this.partsPerMessage = Math.max(1, count.parts);
  }

  /**
   * The submit_sm of each part for one number. Every recipient of a delivery gets the same text, so the parts are
   * built once and copied with another destination_addr (numbers were validated at import); the concatenation
   * reference may be shared because each handset gets one message.
   */
  partsFor(
    number: string,
    recipientId: number,
  ): { ok: true; parts: SubmitSmFields[] } | { ok: false; error: string; state: "skipped" | "failed" } {
    const sendFull = this.settings.smsc.sendFullPhoneNumber;
    const digits = phoneKey(number);
    if (this.template && digits.length >= 6 && digits.length <= 15) {
      const destination = sendFull ? number.trim() : digits;
      return { ok: true, parts: this.template.map((p) => ({ ...p, destination_addr: destination })) };
    }
    const built = buildSubmitParts({
      to: number,
      from: this.sender || null,
      text: this.text,
      settings: this.settings,
      registeredDelivery: true,
      reference: recipientId & 0xff,
      transmissionMode: this.options.transmissionMode,
      validityPeriod: this.options.validUntil,
      tlvs: this.tlvs,
    });
    // An invalid number is Ignored (spec "Message and delivery states"); a text the settings cannot send is Failed.
    if (!built.ok)
      return built.code === "invalid_number"
        ? { ok: false, error: `Invalid number: ${built.error}`, state: "skipped" }
        : { ok: false, error: built.error, state: "failed" };
    this.template = built.parts;
    return { ok: true, parts: built.parts };
  }
}

/** One recipient's message on its way: its parts, their answers, and whether it may reach the handset twice. */
export class Job {
  readonly outcomes: (PartOutcome | null)[];
  remaining: number;
  inFlight = 0;
  /** Some part went on the wire at least once (it cannot be silently put back to pending). */
  transmitted = false;
  failure: { reason: string; errorCode: string | null } | null = null;
  newlyPossiblyDuplicated = false;

  constructor(
    readonly run: DeliveryRun,
    readonly recipientId: number,
    readonly parts: SubmitSmFields[],
    /** Already flagged in the database (a resend after a restart). */
    public possiblyDuplicated: boolean,
  ) {
    this.outcomes = parts.map(() => null);
    this.remaining = parts.length;
  }
}

export type QueuedPart = { job: Job; index: number; attempts: number };

/** FIFO of parts to send with O(1) push, shift and unshift (retries go first). */
export class PartQueue {
  private items: QueuedPart[] = [];
  private head = 0;
  private front: QueuedPart[] = [];

  get length(): number {
    return this.front.length + this.items.length - this.head;
  }

  push(p: QueuedPart): void {
    this.items.push(p);
  }

  unshift(p: QueuedPart): void {
    this.front.push(p);
  }

  shift(): QueuedPart | undefined {
    if (this.front.length > 0) return this.front.pop();
    if (this.head >= this.items.length) return undefined;
    const p = this.items[this.head++];
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return p;
  }

  /** Removes and returns the parts matching `pred`. */
  removeWhere(pred: (p: QueuedPart) => boolean): QueuedPart[] {
    const all = [...this.front.reverse(), ...this.items.slice(this.head)];
    const keep: QueuedPart[] = [];
    const removed: QueuedPart[] = [];
    for (const p of all) (pred(p) ? removed : keep).push(p);
    this.front = [];
    this.items = keep;
    this.head = 0;
    return removed;
  }
}
