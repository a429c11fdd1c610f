import "server-only";
import { EventEmitter } from "node:events";

/**
 * In-process signals from the API to the dispatcher, so that a new delivery starts and a cancel stops at once
 * rather than at the next poll (the dispatcher also polls, for deliveries changed by another process).
 */
type DeliveryEvents = { queued: [deliveryId: string]; cancelled: [deliveryId: string] };

const g = globalThis as unknown as { __smsDeliveryEvents?: EventEmitter<DeliveryEvents> };

export const deliveryEvents: EventEmitter<DeliveryEvents> =
  g.__smsDeliveryEvents ?? (g.__smsDeliveryEvents = new EventEmitter<DeliveryEvents>());
deliveryEvents.setMaxListeners(50);
