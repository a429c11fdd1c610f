/**
 * The faults tests switch on (simulator/README.md, "Faults"): the set in force, how setting one acts on the sessions
 * already open (dropAfterPdus counts from then, stalled binds are released), the one-shot moAfterBind, and the faults
 * that act at once: dropping every connection, writing a malformed PDU. Each fault is read where it acts (binds.ts,
 * submits.ts, smsc.ts), so that one switched off costs a branch.
 */
import type { Binds } from "./binds";
import { malformedPdu, type MalformedKind } from "./malformed-pdu";
import type { SmppPdu } from "./node-smpp";
import { dropSession, requestRaw, type Session } from "./session";
import type { Faults, MoRequest } from "./types";

export function createFaults(initial: Faults | undefined, binds: Pick<Binds, "all" | "get" | "releaseHeldBinds">) {
  let faults: Faults = { ...initial };

  function set(next: Faults): Faults {
    faults = { ...faults, ...next };
    // Copied: the script is used up as submit_sm come, the caller's object stays as it was.
    if (next.refuseSubmits)
      faults.refuseSubmits = Object.fromEntries(Object.entries(next.refuseSubmits).map(([to, list]) => [to, [...list]]));
    // dropAfterPdus counts from now for sessions already open.
    if (next.dropAfterPdus !== undefined) for (const s of binds.all()) s.dropBaseline = s.received;
    if (!faults.stallBinds) binds.releaseHeldBinds();
    return faults;
  }

  /** The MO of the moAfterBind fault, taken: it goes on one bind only. */
  function takeMoAfterBind(): MoRequest | null {
    const mo = faults.moAfterBind ?? null;
    if (mo) faults = { ...faults, moAfterBind: null };
    return mo;
  }

  /** dropAfterPdus: `s` has received as many PDUs as the fault allows since it was set. */
  function dropsNow(s: Session): boolean {
    return faults.dropAfterPdus != null && s.received - s.dropBaseline >= faults.dropAfterPdus;
  }

  /** Closes every connection without unbind (as a crashing SMSC would). */
  function dropConnections(): void {
    for (const s of binds.all()) dropSession(s);
  }

  /**
   * Writes a malformed PDU (malformed-pdu.ts) on a session and resolves with the client's answer
   * (generic_nack expected).
   */
  function sendMalformedPdu(sessionId: number, kind: MalformedKind = "truncated", timeoutMs = 10_000): Promise<SmppPdu> {
    const s = binds.get(sessionId);
    if (!s || s.closed) return Promise.reject(new Error(`simulator: no session ${sessionId}`));
    return requestRaw(s, "the malformed PDU", (sequence) => malformedPdu(kind, sequence), timeoutMs);
  }

  return {
    now: (): Faults => faults,
    set,
    /** Back to no fault (reset); binds held by stallBinds stay held until faults are set again. */
    clear(): void {
      faults = {};
    },
    takeMoAfterBind,
    dropsNow,
    dropConnections,
    sendMalformedPdu,
  };
}
