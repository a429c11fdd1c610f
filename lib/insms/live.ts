import "server-only";
import { EventEmitter } from "node:events";
import type { InboundSms } from "@/lib/generated/prisma/client";

// Next bundles instrumentation (where the connector runs) and route handlers separately, so a module-level emitter
// could exist twice in one process; the one on globalThis is shared by every bundle.
const KEY = Symbol.for("sms-console.insms-live");
type WithEmitter = typeof globalThis & { [KEY]?: EventEmitter };

function emitter(): EventEmitter {
  const g = globalThis as WithEmitter;
  if (!g[KEY]) {
    const e = new EventEmitter();
    e.setMaxListeners(0); // one listener per open Incoming SMS page
    g[KEY] = e;
  }
  return g[KEY];
}

export type InboundSmsListener = (row: InboundSms) => void;

/**
 * Tells open Incoming SMS pages about a stored MO. Call it after the row's transaction has committed (a page must
 * never show an MO that could still be rolled back). Never throws into the caller.
 */
export function publishInboundSms(row: InboundSms): void {
  emitter().emit("row", row);
}

/** Calls `listener` for each published row until the returned function is called. */
export function subscribeInboundSms(listener: InboundSmsListener): () => void {
  const safe: InboundSmsListener = (row) => {
    try {
      listener(row);
    } catch (e) {
      console.error("[insms-live] listener failed:", e instanceof Error ? e.message : e);
    }
  };
  emitter().on("row", safe);
  return () => {
    emitter().off("row", safe);
  };
}
