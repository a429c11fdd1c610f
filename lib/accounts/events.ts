import "server-only";
import { EventEmitter } from "node:events";
import { bumpChange } from "../changes/counter";
import { errorMessage } from "@/lib/errors";
import { singleton } from "@/lib/singleton";

/**
 * "changed" (accountId) after every create, update, enable/disable or delete. In this process the emitter tells
 * the connector and the dispatcher at once; the "accounts" change counter tells a connector in another process
 * (lib/connector/account-watch.ts polls it and emits here in its own process).
 */
export const accountEvents: EventEmitter = singleton("account-events", () => new EventEmitter());
accountEvents.setMaxListeners(50);

/** Announces a committed account change to this process and to the connector processes. */
export async function notifyAccountChanged(accountId: string): Promise<void> {
  emitAccountChangedHere(accountId);
  try {
    await bumpChange("accounts");
  } catch (e) {
    // The change is saved; a connector elsewhere picks it up at its next change (or restart).
    console.error(`[accounts] change counter not moved: ${errorMessage(e)}`);
  }
}

/** Tells this process only (the connector's account watcher, which learnt it from the counter). */
export function emitAccountChangedHere(accountId: string): void {
  accountEvents.emit("changed", accountId);
}
