import "server-only";
import { EventEmitter } from "node:events";
import { singleton } from "@/lib/singleton";

/**
 * In-process signals from the API to the dispatcher, so that a new delivery starts and a cancel stops at once
 * rather than at the next poll (the dispatcher also polls, for deliveries changed by another process).
 */
type DeliveryEvents = { queued: [deliveryId: string]; cancelled: [deliveryId: string] };

export const deliveryEvents: EventEmitter<DeliveryEvents> = singleton(
  "delivery-events",
  () => new EventEmitter<DeliveryEvents>(),
);
deliveryEvents.setMaxListeners(50);
