import "server-only";
import type { StoredAccount } from "@/lib/accounts/repository";
import { buildSubmitParts, type SubmitSmFields } from "@/lib/smpp/submit";
import { countMessage } from "@/lib/smpp/codec/encoding";
import { countOptionsFor } from "@/lib/accounts/message-counter";
import { phoneKey } from "@/lib/smpp/codec/phone";
import type { PartOutcome, RunningDelivery } from "./send-journal";
import { deliveryWireTlvs, withDeliveryMaxParts, type DeliverySendOptions } from "./send-options";
import { EMPTY_MESSAGE, personalisation, renderTemplate, type MessageTemplate } from "./message-template";
import { parseRecipientFields } from "./recipient-fields";

/** A running delivery as the dispatcher works through it. */
export class DeliveryRun {
  readonly id: string;
  readonly accountId: string;
  /** What every recipient gets when the text names no CSV column (`{{`/`}}` made single). */
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
  /** The text's placeholders, null when it names none: every recipient then gets the same parts. */
  private readonly personalised: MessageTemplate | null;

  constructor(
    r: RunningDelivery,
    account: StoredAccount,
    readonly options: DeliverySendOptions,
  ) {
    this.id = r.id;
    this.accountId = r.accountId;
    this.sender = r.sender;
    this.settings = withDeliveryMaxParts(account, options.maxParts);
    this.tlvs = deliveryWireTlvs(account, options);
    // Checked at creation: a text that does not parse (none should) goes out as written.
    const { template, shortest } = personalisation(r.text);
    this.personalised = template;
    this.text = shortest;
    // Of the text with empty placeholders when personalised: the claim's batch size only, each message is counted.
    const count = countMessage(shortest, countOptionsFor(this.settings));
    this.partsPerMessage = Math.max(1, count.parts);
  }

  /**
   * The submit_sm of each part for one number. Unless the text is personalised, every recipient of a delivery gets
   * the same text, so the parts are built once and copied with another destination_addr (numbers were validated at
   * import); the concatenation reference may be shared because each handset gets one message. A personalised text
   * is rendered and encoded per recipient: its encoding and number of parts are its own.
   */
  partsFor(
    number: string,
    recipientId: number,
    fields: string | null = null,
  ): { ok: true; parts: SubmitSmFields[] } | { ok: false; error: string; state: "skipped" | "failed" } {
    const sendFull = this.settings.smsc.sendFullPhoneNumber;
    const digits = phoneKey(number);
    if (!this.personalised && this.template && digits.length >= 6 && digits.length <= 15) {
      const destination = sendFull ? number.trim() : digits;
      return { ok: true, parts: this.template.map((p) => ({ ...p, destination_addr: destination })) };
    }
    const text = this.personalised ? renderTemplate(this.personalised, parseRecipientFields(fields)) : this.text;
    if (text === "") return { ok: false, error: EMPTY_MESSAGE, state: "failed" };
    const built = buildSubmitParts({
      to: number,
      from: this.sender || null,
      text,
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
    if (!this.personalised) this.template = built.parts;
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
  /**
   * A soft refusal waiting for the message's other parts in flight to be answered before its retry is
   * chosen (account-pump.ts settleRefusal): the refused parts, and the unsent ones set aside meanwhile.
   */
  refusal: { reason: string; status: string; errorCode: string; refused: QueuedPart[]; held: QueuedPart[] } | null = null;
  /** Retried from the database: the recipient waits in state "retry" until `at`; the other parts are not sent. */
  retry: { at: Date; reason: string; errorCode: string } | null = null;
  /** Soft refusals retried in memory for this message (some of its parts were accepted), written with its outcome. */
  memoryRetries = 0;

  constructor(
    readonly run: DeliveryRun,
    readonly recipientId: number,
    readonly parts: SubmitSmFields[],
    /** Already flagged in the database (a resend after a restart). */
    public possiblyDuplicated: boolean,
    /** Retries of soft errors already made for this recipient (Recipient.retries): they count against retryCount. */
    readonly retriesBefore = 0,
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
