import type { RecipientOutcome } from "@/lib/deliveries/journal-outcomes";

/** A recipient's outcome as the dispatcher records it for an accepted single-part MT (message id `M<recipient id>`). */
export function sentOutcome(d: { id: string; accountId: string }, r: { id: number }): RecipientOutcome {
  return {
    deliveryId: d.id,
    accountId: d.accountId,
    recipientId: r.id,
    state: "sent",
    messageId: `M${r.id}`,
    reason: null,
    errorCode: null,
    parts: [{ messageId: `M${r.id}`, state: "sent", status: null, errorCode: null }],
    newlyPossiblyDuplicated: false,
  };
}
