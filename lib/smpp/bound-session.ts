/**
 * A bound SMPP v3.4 session: submit_sm within the sending window and the MT throughput limit, other requests,
 * answers to the SMSC's requests, idle enquire_link, close. Opened (and bound) by `openSession` (session.ts).
 *
 * This class holds the session's state and wires its parts: the wire (pdu-link.ts: framing, node-smpp's codec,
 * traces), the request tracker (request-tracker.ts), the submit window and throttle (submit-queue.ts), the early
 * inbound hold (inbound-hold.ts) and the keep-alive (keep-alive.ts).
 *
 * The submit path is kept lean: no closure per PDU beyond the caller's promise, one timer for every response
 * deadline, each PDU written at once (see PduLink.write), and no trace work unless a trace hook is given.
 */
import { EventEmitter } from "node:events";
import type net from "node:net";
import type tls from "node:tls";
import { performance } from "node:perf_hooks";
import { commandStatusName, COMMAND_STATUS } from "./codec/command-status";
import { InboundHold } from "./inbound-hold";
import { KeepAlive } from "./keep-alive";
import { PduLink, type LinkHost } from "./pdu-link";
import { isInboundMessage } from "./pdu-types";
import { Request, RequestTracker, type Pending } from "./request-tracker";
import { SmppSessionError, type StepName } from "./session-errors";
import type {
  BindMode,
  SessionClose,
  SessionHooks,
  SessionSettings,
  SessionStep,
  SmppSessionEvents,
  SubmitResponse,
} from "./session-types";
import { SubmitQueue } from "./submit-queue";
import { RESPONSE_BIT, WirePdu, type Pdu } from "./wire-pdu";

const DEFAULT_TIMEOUT_MS = 30_000;

/** The results requests resolve with, read from their response PDU (shared: no closure per request). */
const submitResponse = (resp: Pdu): SubmitResponse => ({
  commandStatus: resp.command_status,
  // "" when the SMSC refused (a submit_sm_resp with no body, or generic_nack).
  messageId: typeof resp.message_id === "string" ? resp.message_id : "",
});
const responsePdu = (resp: Pdu): Pdu => resp;

export class SmppSession extends EventEmitter<SmppSessionEvents> {
  readonly bindMode: BindMode;
  /** system_id of bind_resp. */
  smscSystemId = "";
  boundAt = 0;
  private closedInfo: SessionClose | null = null;
  private readonly requests = new RequestTracker<Pending>((expired) => this.expired(expired));
  private readonly submits: SubmitQueue<Pending>;
  private readonly link: PduLink;
  private readonly inbound = new InboundHold({
    listens: (command) => this.listenerCount(command) > 0,
    deliver: (pdu) => (pdu.command === "deliver_sm" ? this.emit("deliver_sm", pdu) : this.emit("data_sm", pdu)),
    refuse: (pdu) => this.respond(pdu, COMMAND_STATUS.ESME_RX_T_APPN),
  });
  private keepAlive: KeepAlive | null = null;
  /** What the wire hands over: each PDU decoded, its failure, the SMSC's close. */
  private readonly linkHost: LinkHost = {
    pdu: (pdu: Pdu): void => {
      if (pdu.command_id & RESPONSE_BIT) this.settle(pdu);
      else if (isInboundMessage(pdu)) this.inbound.accept(pdu);
      else this.handleRequest(pdu);
    },
    failed: (error: SmppSessionError): void => this.fail(error),
    lost: (): void =>
      this.close("the SMSC closed the connection", new SmppSessionError("session", "closed", "The SMSC closed the connection")),
  };

  constructor(
    socket: net.Socket | tls.TLSSocket,
    /** The TCP socket under a TLS one (destroyed with it). */
    rawSocket: net.Socket,
    readonly settings: SessionSettings,
    private readonly hooks: SessionHooks,
  ) {
    super();
    this.bindMode = settings.bindMode ?? "transceiver";
    const window = Math.max(1, settings.window ?? 10);
    this.submits = new SubmitQueue<Pending>(window, settings.mtPerSecond, (o) => this.transmit(o));
    this.link = new PduLink(socket, rawSocket, this.linkHost, hooks.onPdu);
    // Not one of SmppSessionEvents: EventEmitter's own event, typed on the plain class.
    (this as EventEmitter).on("newListener", (event: string | symbol) => this.inbound.listenerAdded(event));
  }

  get closed(): boolean {
    return this.closedInfo !== null;
  }

  get closeInfo(): SessionClose | null {
    return this.closedInfo;
  }

  /** submit_sm awaiting their response. */
  get inFlight(): number {
    return this.submits.inFlight;
  }

  /** submit_sm waiting for room in the window (or for the throughput limit). */
  get queued(): number {
    return this.submits.waiting;
  }

  get windowSize(): number {
    return this.submits.size;
  }

  /**
   * Runs `fn` with the socket corked: the PDUs it writes leave in one write(2) when it returns, in the same tick
   * (not held until the next one, see write()). For a caller that sends several submit_sm in one synchronous pass.
   */
  batch<T>(fn: () => T): T {
    return this.link.batch(fn);
  }

  /**
   * Sends a submit_sm when the window has room (queued in order otherwise) and resolves with its submit_sm_resp,
   * whatever its status. Rejects when no response comes within `timeoutMs` of sending (spec `mtTimeout`), or when
   * the session closes first.
   */
  submit(fields: object, timeoutMs: number): Promise<SubmitResponse> {
    return this.request("submit_sm", fields, timeoutMs, true, submitResponse);
  }

  /** Any request PDU (bind, data_sm, query_sm…); resolves with the response PDU. Not counted in the window. */
  send(command: string, fields: object, timeoutMs: number): Promise<Pdu> {
    return this.request(command, fields, timeoutMs, false, responsePdu);
  }

  /** enquire_link round trip, reported as a step. */
  async enquireLink(timeoutMs = 10_000): Promise<SessionStep> {
    const t0 = performance.now();
    try {
      const resp = await this.send("enquire_link", {}, timeoutMs);
      const status = resp.command_status;
      return this.report("enquire_link", status === 0, t0, `enquire_link_resp ${commandStatusName(status)}`);
    } catch (e) {
      this.report("enquire_link", false, t0, (e as Error).message);
      throw e;
    }
  }

  /** unbind, waits for unbind_resp (at most `timeoutMs`), then closes whatever happened. Reported as a step. */
  async unbind(timeoutMs = 5_000): Promise<SessionStep> {
    const t0 = performance.now();
    if (this.closed)
      return this.report("unbind", false, t0, `Not sent: the session was already closed (${this.closedInfo?.reason})`);
    try {
      const resp = await this.send("unbind", {}, timeoutMs);
      this.close("unbound");
      return this.report("unbind", resp.command_status === 0, t0, `unbind_resp ${commandStatusName(resp.command_status)}`);
    } catch (e) {
      this.close("unbind failed");
      return this.report("unbind", false, t0, (e as Error).message);
    }
  }

  /** Answers a deliver_sm / data_sm (or any request) with its _resp and `commandStatus`. */
  respond(pdu: Pdu, commandStatus = 0, fields?: object): void {
    if (this.closed) return;
    const command = pdu.command === "unknown" ? "generic_nack" : `${pdu.command}_resp`;
    const resp = new WirePdu(command, { ...fields, sequence_number: pdu.sequence_number, command_status: commandStatus });
    this.link.write(resp);
  }

  /** Frees the socket and every timer; pending and queued submits are rejected. Idempotent. */
  close(reason = "closed", error?: SmppSessionError): void {
    if (this.closedInfo) return;
    this.closedInfo = { reason, error };
    // Nothing is held, probed, framed or sent from here on.
    this.inbound.stop();
    this.keepAlive?.stop();
    const waiting = this.submits.stop();
    const pending = this.requests.stop();
    this.link.close();
    const failure = error ?? new SmppSessionError("session", "closed", `The session closed: ${reason}`);
    for (const o of pending) o.reject(failure);
    for (const o of waiting) o.reject(failure);
    this.emit("close", this.closedInfo);
  }

  /**
   * Called by `openSession` once bound: starts the idle enquire_link, and hands the session over: deliver_sm /
   * data_sm held so far go to the listeners the caller adds in the same tick, the others are refused.
   */
  handOver(): void {
    const period = this.settings.enquireLinkPeriodMs ?? 0;
    if (period > 0 && !this.closed && !this.keepAlive) {
      this.keepAlive = new KeepAlive(period, {
        received: () => this.link.received,
        probe: (timeoutMs) => this.send("enquire_link", {}, timeoutMs),
        dead: (reason, error) => this.close(reason, error),
      });
      this.keepAlive.start();
    }
    this.inbound.handOver();
  }

  // --- internals -------------------------------------------------------------------------------------------

  private request<R>(command: string, fields: object, timeoutMs: number, windowed: boolean, read: (resp: Pdu) => R): Promise<R> {
    const closed = this.closedInfo;
    if (closed)
      return Promise.reject(
        closed.error ?? new SmppSessionError("session", "closed", `The session is closed (${closed.reason})`),
      );
    // A missing or non-positive timeout would leave the request waiting forever.
    const o = new Request(command, fields, timeoutMs > 0 ? timeoutMs : DEFAULT_TIMEOUT_MS, windowed, read);
    if (windowed) this.submits.offer(o);
    else this.transmit(o);
    return o.promise;
  }

  private transmit(o: Pending): void {
    o.seq = this.requests.nextSequence();
    this.requests.track(o);
    this.link.send(o.command, o.fields, o.seq);
  }

  /** Requests whose response did not come in time (already forgotten by the tracker). */
  private expired(expired: Pending[]): void {
    let freed = false;
    for (const o of expired) {
      if (o.windowed) {
        this.submits.release(o);
        freed = true;
      }
      o.reject(o.timedOut());
    }
    if (freed) this.submits.pump();
  }

  private settle(pdu: Pdu): void {
    const o = this.requests.settle(pdu.sequence_number);
    if (!o) return; // late answer to a timed-out request
    if (!o.windowed) return o.answer(pdu);
    this.submits.release(o);
    o.answer(pdu);
    if (this.submits.waiting > 0) this.submits.pump();
  }

  /** The SMSC's other requests. */
  private handleRequest(pdu: Pdu): void {
    switch (pdu.command) {
      case "enquire_link":
        this.respond(pdu);
        return;
      case "unbind":
        this.respond(pdu);
        this.close("the SMSC unbound");
        return;
      case "alert_notification":
      case "outbind":
        return;
      default:
        this.respond(pdu, COMMAND_STATUS.ESME_RINVCMDID);
    }
  }

  private fail(error: SmppSessionError): void {
    if (this.listenerCount("error") > 0) this.emit("error", error);
    this.close(error.message, error);
  }

  /** Reports a step to the hook and returns it. */
  private report(step: StepName, ok: boolean, t0: number, detail: string): SessionStep {
    const s: SessionStep = { step, ok, ms: Math.round((performance.now() - t0) * 10) / 10, detail };
    this.hooks.onStep?.(s);
    return s;
  }
}
