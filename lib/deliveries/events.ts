import "server-only";
import { EventEmitter } from "node:events";
import { bumpChange } from "@/lib/changes/counter";
import { errorMessage } from "@/lib/errors";
import { singleton } from "@/lib/singleton";

/**
 * Signals from the API to the dispatcher, so that a new delivery starts and a cancel stops at once rather than at
 * the dispatcher's next poll: in this process through the emitter, to a connector in another process through the
 * "deliveries" change counter (lib/changes/counter.ts: polled every few ms on SQLite, NOTIFY on PostgreSQL).
 */
type DeliveryEvents = { queued: [deliveryId: string]; cancelled: [deliveryId: string] };

export const deliveryEvents: EventEmitter<DeliveryEvents> = singleton(
  "delivery-events",
  () => new EventEmitter<DeliveryEvents>(),
);
deliveryEvents.setMaxListeners(50);

/** Tells the dispatcher here and the connector processes that a delivery started running or was cancelled. */
export async function announceDelivery(event: keyof DeliveryEvents, deliveryId: string): Promise<void> {
  deliveryEvents.emit(event, deliveryId);
  try {
    await bumpChange("deliveries");
  } catch (e) {
    // The change is saved; a connector elsewhere sees it at its next poll of running deliveries.
    console.error(`[deliveries] change counter not moved: ${errorMessage(e)}`);
  }
}
