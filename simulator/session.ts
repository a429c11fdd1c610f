/**
 * One ESME connection as the SMSC sees it, and every place where the simulator reaches into node-smpp's session: the
 * socket's `read` (to keep each PDU's wire octets), its private `sequence` (to number a PDU node-smpp cannot build),
 * corked writes, and the requests the SMSC sent (deliver_sm, data_sm) that wait for their response. Kept in one
 * file so that a node-smpp upgrade has one place to check.
 */
import { gatePduLength } from "./pdu-length-gate";
import { smpp, type SmppPdu, type SmppSession } from "./node-smpp";
import type { createRateWindow } from "./rate-window";
import type { BindMode, SessionInfo } from "./types";

/** A request the SMSC sent, until its response; status and pdu are null when the connection ended first. */
export type Outgoing = { onResponse: (status: number | null, pdu: SmppPdu | null) => void };

export type Session = {
  id: number;
  smpp: SmppSession;
  tls: boolean;
  remote: string;
  connectedAt: number;
  mode: BindMode | null;
  systemId: string | null;
  received: number;
  /** `received` when dropAfterPdus was last set: that fault counts from then. */
  dropBaseline: number;
  submits: number;
  /** The per-bind throttle window, null when throttling is off. */
  rate: ReturnType<typeof createRateWindow> | null;
  /** The wire octets of the PDU being handled (null while not recording). */
  lastRaw: Buffer | null;
  outstanding: Map<number, Outgoing>;
  closed: boolean;
  corked: boolean;
  uncork: () => void;
};

export function openSession(
  smppSession: SmppSession,
  id: number,
  tls: boolean,
  rate: Session["rate"],
  isRecording: () => boolean,
): Session {
  const socket = smppSession.socket;
  // TCP_NODELAY, as SMSCs set it: a deliver_sm must not wait for the ESME's delayed ACK of the previous one (Nagle).
  socket.setNoDelay(true);
  const s: Session = {
    id,
    smpp: smppSession,
    tls,
    remote: `${socket.remoteAddress}:${socket.remotePort}`,
    connectedAt: Date.now(),
    mode: null,
    systemId: null,
    received: 0,
    dropBaseline: 0,
    submits: 0,
    rate,
    lastRaw: null,
    outstanding: new Map(),
    closed: false,
    corked: false,
    uncork: () => {
      s.corked = false;
      socket.uncork();
    },
  };
  // First, so that node-smpp and captureRawBytes only ever read PDUs of an accepted length.
  gatePduLength(smppSession);
  captureRawBytes(s, isRecording);
  return s;
}

/**
 * node-smpp emits every PDU of a TCP read in one go, and receipts fall due in batches; corking until the next tick
 * sends all the PDUs written meanwhile in one write instead of one syscall each, which is most of an SMSC's cost
 * per submit_sm at large windows.
 */
export function batchWrites(s: Session): void {
  if (s.corked) return;
  s.corked = true;
  s.smpp.socket.cork();
  process.nextTick(s.uncork);
}

/**
 * node-smpp reads each PDU as `read(4)` (command_length) then `read(length - 4)` and keeps no copy of the octets.
 * Wrapping this socket's `read` gives the exact bytes of the PDU about to be emitted, so tests can check the wire.
 */
function captureRawBytes(s: Session, isRecording: () => boolean): void {
  const socket = s.smpp.socket as unknown as { read: (n?: number) => Buffer | null };
  const read = socket.read.bind(socket);
  let header: Buffer | null = null;
  socket.read = (n?: number) => {
    const b = read(n);
    if (b !== null && n !== undefined && n > 0) {
      if (header === null) header = b;
      else {
        s.lastRaw = isRecording() ? Buffer.concat([header, b]) : null;
        header = null;
      }
    }
    return b;
  };
}

/** Sends a request PDU and remembers it until its response, or the connection's end (status null). */
export function request(s: Session, command: string, fields: Record<string, unknown>, out: Outgoing): boolean {
  if (s.closed) return false;
  const pdu = new smpp.PDU(command, fields);
  batchWrites(s);
  if (!s.smpp.send(pdu)) return false;
  s.outstanding.set(pdu.sequence_number, out);
  return true;
}

/** A request whose response status the caller awaits (pushMo, pushReceipt). */
export function requestAndWait(s: Session, command: string, fields: Record<string, unknown>, timeoutMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`simulator: no ${command}_resp within ${timeoutMs} ms`)), timeoutMs);
    const sent = request(s, command, fields, {
      onResponse: (status) => {
        clearTimeout(t);
        if (status === null) reject(new Error(`simulator: connection closed before ${command}_resp`));
        else resolve(status);
      },
    });
    if (!sent) {
      clearTimeout(t);
      reject(new Error("simulator: connection closed"));
    }
  });
}

/**
 * Writes octets that node-smpp cannot build as a PDU, numbered from the session's own sequence counter (node-smpp's
 * private `sequence`) so that the ESME's answer is matched like any response; resolves with that answer.
 */
export function requestRaw(s: Session, what: string, octets: (sequence: number) => Buffer, timeoutMs: number): Promise<SmppPdu> {
  const counter = s.smpp as unknown as { sequence: number };
  const sequence = ++counter.sequence;
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => {
      s.outstanding.delete(sequence);
      reject(new Error(`simulator: no answer to ${what} within ${timeoutMs} ms`));
    }, timeoutMs);
    s.outstanding.set(sequence, {
      onResponse: (_status, pdu) => {
        clearTimeout(t);
        if (pdu) resolve(pdu);
        else reject(new Error(`simulator: connection closed after ${what}`));
      },
    });
    s.smpp.socket.write(octets(sequence));
  });
}

/** Hands a response PDU to the request waiting for it; one that answers nothing we sent is ignored. */
export function settleResponse(s: Session, pdu: SmppPdu): void {
  const out = s.outstanding.get(pdu.sequence_number);
  if (!out) return;
  s.outstanding.delete(pdu.sequence_number);
  out.onResponse(pdu.command_status, pdu);
}

/** The connection ended: every request still waiting learns it (status null). */
export function closeSession(s: Session): void {
  s.closed = true;
  const lost = [...s.outstanding.values()];
  s.outstanding.clear();
  for (const out of lost) out.onResponse(null, null);
}

/**
 * Closes the connection without unbind (as a crashing SMSC would). Answers already given are flushed first (uncork),
 * so a drop loses exactly the PDUs that came after it.
 */
export function dropSession(s: Session): void {
  s.smpp.socket.uncork();
  s.smpp.socket.destroy();
}

/** Bound to a mode that receives deliver_sm (receiver or transceiver) and still open. */
export function isReceiver(s: Session): boolean {
  return !s.closed && s.mode !== null && s.mode !== "transmitter";
}

export function sessionInfo(s: Session): SessionInfo {
  return {
    id: s.id,
    remote: s.remote,
    tls: s.tls,
    mode: s.mode,
    systemId: s.systemId,
    received: s.received,
    submits: s.submits,
    connectedAt: s.connectedAt,
  };
}
