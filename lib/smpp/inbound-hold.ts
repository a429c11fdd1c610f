/**
 * Where a deliver_sm / data_sm from the SMSC goes: to the session's listeners, or back refused with ESME_RX_T_APPN
 * (a temporary error, so that the SMSC delivers the MO or SR again rather than losing it) when nobody listens.
 *
 * Except early on: the SMSC writes what it kept while we were down right behind bind_resp, often in the same TCP
 * read, before `openSession` has even resolved. Until the caller had its turn (`handOver`), such PDUs are held, and
 * go out in arrival order as soon as a listener for their command is added; what nobody listened for by the end of
 * that turn is refused. From then on nothing is held.
 */
import type { InboundCommand, InboundMessagePdu as P } from "./pdu-types";

export interface InboundHost {
  /** Whether anyone listens for this command now. */
  listens(command: InboundCommand): boolean;
  /** To the listeners of `pdu.command`. */
  deliver(pdu: P): void;
  /** Answer ESME_RX_T_APPN. */
  refuse(pdu: P): void;
}

export class InboundHold {
  /** Held before the caller's turn, in arrival order; null once that turn is over (or the session closed). */
  private held: P[] | null = [];
  private timer: NodeJS.Immediate | null = null;

  constructor(private readonly host: InboundHost) {}

  /** A deliver_sm / data_sm: delivered, held (before the caller's turn, or behind held ones to keep the order), or refused. */
  accept(pdu: P): void {
    const held = this.held;
    if (held !== null && (held.length > 0 || !this.host.listens(pdu.command))) {
      held.push(pdu);
      this.release();
    } else if (!this.host.listens(pdu.command)) this.host.refuse(pdu);
    else this.host.deliver(pdu);
  }

  /**
   * The caller's turn: held PDUs go to the listeners it adds in the same tick (after `await openSession(…)`, before
   * any other await); whatever nobody listened for is then refused.
   */
  handOver(): void {
    if (this.held === null || this.timer) return;
    // setImmediate runs after the promise continuations of this tick, i.e. after the caller's code that follows
    // `await openSession(…)`, and before the next socket read.
    this.timer = setImmediate(this.end);
  }

  /** To call from the emitter's 'newListener', which fires before the listener is in place: released next tick. */
  listenerAdded(event: string | symbol): void {
    if ((event === "deliver_sm" || event === "data_sm") && this.held !== null && this.held.length > 0)
      process.nextTick(this.release);
  }

  /** The session closed: what is held is dropped unanswered, and nothing is held any more. */
  stop(): void {
    if (this.timer) clearImmediate(this.timer);
    this.timer = null;
    this.held = null;
  }

  private readonly end = (): void => {
    this.timer = null;
    const held = this.held;
    this.held = null;
    if (held === null) return;
    for (const pdu of held) {
      if (this.host.listens(pdu.command)) this.host.deliver(pdu);
      else this.host.refuse(pdu);
    }
  };

  /** Delivers, in arrival order, the held PDUs that now have a listener; stops at the first one that has none. */
  private readonly release = (): void => {
    const held = this.held;
    if (held === null) return;
    while (held.length > 0 && this.host.listens(held[0].command)) this.host.deliver(held.shift()!);
  };
}
