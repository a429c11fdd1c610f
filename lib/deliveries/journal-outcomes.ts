/**
 * What the send journal (send-journal.ts, and send-journal-pg.ts on PostgreSQL) records: a claimed recipient, the
 * outcome of each of its parts and of the message, and the per-delivery counters a flush adds.
 */
/**
 * `fields`: the personalisation cells (JSON object text, Recipient.fields), null for an unpersonalised delivery.
 * `retries`: soft-error retries already made (they count against the delivery's retryCount).
 */
export type ClaimedRecipient = {
  id: number;
  number: string;
  possiblyDuplicated: boolean;
  fields: string | null;
  retries: number;
};

export type PartOutcome = { messageId: string | null; state: "sent" | "failed"; status: string | null; errorCode: string | null };

export type RecipientOutcome = {
  deliveryId: string;
  accountId: string;
  recipientId: number;
  /**
   * skipped: found not sendable when its turn came (e.g. an invalid number). retry: refused softly, none of its parts
   * accepted: claimable again at `retryAt` (neither sent nor processed until then).
   */
  state: "sent" | "failed" | "skipped" | "retry";
  /** message_id of the first part (the one that asks for the SR), normalised by mtIdFormat. */
  messageId: string | null;
  reason: string | null;
  errorCode: string | null;
  parts: PartOutcome[];
  /** The submit_sm went out again after a timeout or a lost connection: the handset may get it twice. */
  newlyPossiblyDuplicated: boolean;
  /** State "retry": when it is due (the dispatcher's poll puts it back to pending then). */
  retryAt?: Date | null;
  /** Soft-error retries this outcome adds (Recipient.retries, Delivery.retried): 1 for "retry", plus in-memory ones. */
  retries?: number;
};

export type Counters = { sent: number; failed: number; possiblyDuplicated: number; skipped: number; retried: number };

export function count(counters: Map<string, Counters>, o: RecipientOutcome): void {
  const c = counters.get(o.deliveryId) ?? { sent: 0, failed: 0, possiblyDuplicated: 0, skipped: 0, retried: 0 };
  if (o.state === "sent") c.sent++;
  else if (o.state === "failed") c.failed++;
  else if (o.state === "skipped") c.skipped++;
  if (o.newlyPossiblyDuplicated) c.possiblyDuplicated++;
  c.retried += o.retries ?? 0;
  counters.set(o.deliveryId, c);
}
