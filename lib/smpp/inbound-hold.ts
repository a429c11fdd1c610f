/**
 * deliver_sm / data_sm that come before anyone listens for them: the SMSC writes what it kept while we were down
 * right behind bind_resp, often in the same TCP read, before `openSession` has even resolved. They are held until a
 * listener is added, or refused (ESME_RX_T_APPN, so that the SMSC delivers them again) once the caller had its turn
 * without adding one. After that turn nothing is held: a PDU without a listener is refused at once.
 */
import type { Pdu } from "./wire-pdu";

export type InboundCommand = "deliver_sm" | "data_sm";
export type InboundPdu = Pdu & { command: InboundCommand };

export function isInbound(pdu: Pdu): pdu is InboundPdu {
  return pdu.command === "deliver_sm" || pdu.command === "data_sm";
}

export interface HoldHost {
  listens(command: InboundCommand): boolean;
  deliver(pdu: InboundPdu): void;
  refuse(pdu: InboundPdu): void;
  isClosed(): boolean;
}

export class InboundHold {
  private held: InboundPdu[] | null = [];
  private timer: NodeJS.Immediate | null = null;

  constructor(private readonly host: HoldHost) {}

  /** Holds the PDU when it comes before the caller's turn, or behind PDUs still held (to keep the order). */
  hold(pdu: InboundPdu): boolean {
    if (this.held === null || (this.held.length === 0 && this.host.listens(pdu.command))) return false;
    this.held.push(pdu);
    this.release();
    return true;
  }

  /**
   * The caller's turn: held PDUs go to the listeners it adds in the same tick (after `await openSession(…)`, before
   * any other await); what nobody listened for is then refused.
   */
  handOver(): void {
    if (this.held === null || this.timer) return;
    // setImmediate runs after the promise continuations of this tick, i.e. after the caller's code that follows
    // `await openSession(…)`, and before the next socket read.
    this.timer = setImmediate(this.end);
  }

  /** Call on the emitter's 'newListener' (it fires before the listener is in place: released on the next tick). */
  listenerAdded(event: string | symbol): void {
    if ((event === "deliver_sm" || event === "data_sm") && this.held !== null && this.held.length > 0)
      process.nextTick(this.release);
  }

  /** Nothing is held from here on (the session closed): what was held is dropped unanswered. */
  stop(): void {
    if (this.timer) clearImmediate(this.timer);
    this.timer = null;
    this.held = null;
  }

  private readonly end = (): void => {
    this.timer = null;
    const held = this.held;
    this.held = null;
    if (held === null || this.host.isClosed()) return;
    for (const pdu of held) {
      if (this.host.listens(pdu.command)) this.host.deliver(pdu);
      else this.host.refuse(pdu);
    }
  };

  /** Delivers, in arrival order, the held PDUs that now have a listener; stops at the first one that has none. */
  private readonly release = (): void => {
    const held = this.held;
    if (held === null || this.host.isClosed()) return;
    while (held.length > 0 && this.host.listens(held[0].command)) this.host.deliver(held.shift()!);
  };
}
