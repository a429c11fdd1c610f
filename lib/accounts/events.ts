import "server-only";
import { EventEmitter } from "node:events";

/** "changed" (accountId) after every create, update, enable/disable or delete: the connector re-binds on it. */
const globalForEvents = globalThis as unknown as { __accountEvents?: EventEmitter };
export const accountEvents: EventEmitter =
  globalForEvents.__accountEvents ?? (globalForEvents.__accountEvents = new EventEmitter());
accountEvents.setMaxListeners(50);

export function notifyAccountChanged(accountId: string): void {
  accountEvents.emit("changed", accountId);
}
