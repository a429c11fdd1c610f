/**
 * The SMSC behaviour behind the simulator's ports: binds, submit_sm answers, receipts, MO, throttling and faults,
 * for sessions that node-smpp's server hands over. Listening, TLS and HTTP live in index.ts.
 *
 * Hot path (bench target): one submit_sm costs a counter, an id and node-smpp's response; recording, throttling and
 * faults are each one branch when off. No per-PDU logging.
 */
import { performance } from "node:perf_hooks";
import { COMMAND_STATUS, commandStatusName } from "@/lib/smpp/codec/command-status";
import { convertMessageId, createMessageIds } from "./message-ids";
import { malformedPdu, type MalformedKind } from "./malformed-pdu";
import { gatePduLength } from "./pdu-length-gate";
import { addressTonNpi, buildMoParts } from "./mo";
import { smpp, type SmppPdu, type SmppSession } from "./node-smpp";
import { createRateWindow } from "./rate-window";
import { createOutcomePicker, receiptFields, type SubmittedMessage } from "./receipts";
import { createReceiptQueue, type PendingReceipt } from "./receipt-queue";
import { createRecorder } from "./recorder";
import type {
  BindMode,
  Credential,
  Faults,
  MoRequest,
  MoResult,
  ReceiptOptions,
  ReceiptRequest,
  SessionInfo,
  SimulatorOptions,
  SimulatorStats,
} from "./types";

type Outgoing = { onResponse: (status: number | null, pdu: SmppPdu | null) => void };

type Session = {
  id: number;
  smpp: SmppSession;
  tls: boolean;
  remote: string;
  connectedAt: number;
  mode: BindMode | null;
  systemId: string | null;
  received: number;
  dropBaseline: number;
  submits: number;
  rate: ReturnType<typeof createRateWindow> | null;
  lastRaw: Buffer | null;
  outstanding: Map<number, Outgoing>;
  closed: boolean;
  corked: boolean;
  uncork: () => void;
};

const BIND_MODES: Record<string, BindMode> = {
  bind_transmitter: "transmitter",
  bind_receiver: "receiver",
  bind_transceiver: "transceiver",
};
const RECEIPT_RETRY_MS = 1000;

export type { MalformedKind };

/**
 * The text of a short_message or message_payload as node-smpp decoded it (`{udh, message}`). An empty
 * short_message (sm_length 0, the text being in message_payload) is `{message: ""}`, not undefined.
 */
function messageText(field: unknown): string {
  const message = (field as { message?: unknown } | undefined)?.message;
  return typeof message === "string" ? message : "";
}

export function createSmsc(options: SimulatorOptions) {
  const credentials: Credential[] = [
    { systemId: options.systemId ?? "simulator", password: options.password ?? "secret" },
    ...(options.credentials ?? []),
  ];
  const idFormat = options.messageIdFormat ?? "hex";
  const ids = createMessageIds(idFormat, options.firstMessageId);
  const recorder = createRecorder(options.maxRecorded ?? Infinity);
  let recording = options.record ?? true;
  let faults: Faults = { ...options.faults };
  let throttle = options.throttlePerSecond ?? 0;
  let receipts: ReceiptOptions = {};
  let pickOutcome = createOutcomePicker(options.receipts?.outcomes);
  setReceipts({ ...options.receipts });
  const sessions = new Map<number, Session>();
  let nextSessionId = 1;
  let moReference = 0;
  const stats = { submitSm: 0, throttled: 0, receiptsSent: 0, moSent: 0 };
  /** The most sessions bound at once per "systemId mode" since the last reset (what an SMSC limits per account). */
  const bindPeaks: Record<string, number> = {};

  const queue = createReceiptQueue((r) => {
    const target = receiverFor(r);
    if (target) sendReceipt(target, r);
    return target !== null;
  });
  const bindWaiters = new Set<{ wake: () => void; cancel: () => void }>();
  const heldBinds: { s: Session; pdu: SmppPdu }[] = [];

  function attach(smppSession: SmppSession, tls: boolean): void {
    const socket = smppSession.socket;
    // TCP_NODELAY, as SMSCs set it: a deliver_sm must not wait for the ESME's delayed ACK of the previous one (Nagle).
    socket.setNoDelay(true);
    const s: Session = {
      id: nextSessionId++,
      smpp: smppSession,
      tls,
      remote: `${socket.remoteAddress}:${socket.remotePort}`,
      connectedAt: Date.now(),
      mode: null,
      systemId: null,
      received: 0,
      dropBaseline: 0,
      submits: 0,
      rate: throttle > 0 ? createRateWindow(throttle) : null,
      lastRaw: null,
      outstanding: new Map(),
      closed: false,
      corked: false,
      uncork: () => {
        s.corked = false;
        socket.uncork();
      },
    };
    sessions.set(s.id, s);
    // First, so that node-smpp and captureRawBytes only ever read PDUs of an accepted length.
    gatePduLength(smppSession);
    captureRawBytes(s);
    smppSession.on("pdu", (pdu: SmppPdu) => {
      batchWrites(s);
      onPdu(s, pdu);
    });
    // A reset connection is the client's business; the simulator just forgets the session.
    smppSession.on("error", () => socket.destroy());
    smppSession.on("close", () => onClose(s));
  }

  /**
   * node-smpp emits every PDU of a TCP read in one go, and receipts fall due in batches; corking until the next tick
   * sends all the PDUs written meanwhile in one write instead of one syscall each, which is most of an SMSC's cost
   * per submit_sm at large windows.
   */
  function batchWrites(s: Session): void {
    if (s.corked) return;
    s.corked = true;
    s.smpp.socket.cork();
    process.nextTick(s.uncork);
  }

  /**
   * node-smpp reads each PDU as `read(4)` (command_length) then `read(length - 4)` and keeps no copy of the octets.
   * Wrapping this socket's `read` gives the exact bytes of the PDU about to be emitted, so tests can check the wire.
   */
  function captureRawBytes(s: Session): void {
    const socket = s.smpp.socket as unknown as { read: (n?: number) => Buffer | null };
    const read = socket.read.bind(socket);
    let header: Buffer | null = null;
    socket.read = (n?: number) => {
      const b = read(n);
      if (b !== null && n !== undefined && n > 0) {
        if (header === null) header = b;
        else {
          s.lastRaw = recording ? Buffer.concat([header, b]) : null;
          header = null;
        }
      }
      return b;
    };
  }

  function onPdu(s: Session, pdu: SmppPdu): void {
    s.received++;
    if (recording) {
      recorder.add({
        at: performance.timeOrigin + performance.now(),
        session: s.id,
        systemId: s.systemId,
        tls: s.tls,
        command: pdu.command,
        commandStatus: pdu.command_status,
        sequenceNumber: pdu.sequence_number,
        fields: pdu,
        raw: s.lastRaw,
      });
    }
    if (faults.dropAfterPdus != null && s.received - s.dropBaseline >= faults.dropAfterPdus) {
      drop(s);
      return;
    }
    switch (pdu.command) {
      case "submit_sm":
      case "data_sm":
        onSubmit(s, pdu);
        return;
      case "enquire_link":
        if (!faults.stallEnquireLinks) s.smpp.send(pdu.response());
        return;
      case "bind_transmitter":
      case "bind_receiver":
      case "bind_transceiver":
        onBind(s, pdu);
        return;
      case "unbind":
        s.smpp.send(pdu.response());
        s.smpp.close();
        return;
      default:
        if (pdu.isResponse()) onResponse(s, pdu);
        else if (pdu.command === "unknown") s.smpp.send(pdu.response());
        else if (pdu.command !== "outbind" && pdu.command !== "alert_notification") {
          s.smpp.send(pdu.response({ command_status: COMMAND_STATUS.ESME_RINVCMDID }));
        }
    }
  }

  function onBind(s: Session, pdu: SmppPdu): void {
    if (faults.stallBinds) return void heldBinds.push({ s, pdu });
    const reject = (status: number) => s.smpp.send(pdu.response({ command_status: status }));
    if (faults.rejectBinds) return void reject(faults.rejectBinds === true ? COMMAND_STATUS.ESME_RBINDFAIL : faults.rejectBinds);
    if (s.mode) return void reject(COMMAND_STATUS.ESME_RALYBND);
    const systemId = String(pdu.system_id ?? "");
    const ok = credentials.some((c) => c.systemId === systemId && c.password === String(pdu.password ?? ""));
    if (!ok) return void reject(COMMAND_STATUS.ESME_RBINDFAIL);
    s.mode = BIND_MODES[pdu.command];
    s.systemId = systemId;
    const peakKey = `${systemId} ${s.mode}`;
    const bound = [...sessions.values()].filter((x) => x.systemId === systemId && x.mode === s.mode).length;
    bindPeaks[peakKey] = Math.max(bindPeaks[peakKey] ?? 0, bound);
    s.smpp.send(pdu.response({ system_id: options.smscSystemId ?? "SMSC-SIM" }));
    if (s.mode !== "transmitter") {
      for (const w of [...bindWaiters]) w.wake();
      queue.flush();
      if (faults.moAfterBind) sendMoAfterBind(s, faults.moAfterBind);
    }
    if (faults.malformedPduAfterBind) void sendMalformedPdu(s.id);
  }

  function onSubmit(s: Session, pdu: SmppPdu): void {
    if (s.mode === null || s.mode === "receiver") {
      s.smpp.send(pdu.response({ command_status: COMMAND_STATUS.ESME_RINVBNDSTS }));
      return;
    }
    if (faults.stallSubmits) return;
    if (s.rate !== null && !s.rate.tryTake(performance.now())) {
      stats.throttled++;
      s.smpp.send(pdu.response({ command_status: COMMAND_STATUS.ESME_RTHROTTLED }));
      return;
    }
    const status = faults.submitStatus || faults.refuseSubmits?.[String(pdu.destination_addr ?? "")]?.shift();
    if (status) {
      s.smpp.send(pdu.response({ command_status: status }));
      return;
    }
    s.submits++;
    stats.submitSm++;
    const messageId = ids.next();
    const rd = Number(pdu.registered_delivery ?? 0) & 0x03;
    if (rd === 0) {
      s.smpp.send(pdu.response({ message_id: messageId }));
      return;
    }
    const scripted = receipts.script?.[String(pdu.destination_addr ?? "")]?.shift();
    const stat = scripted?.stat ?? pickOutcome();
    // registered_delivery 2 = receipt on failure only, 3 = on success only (SMPP v3.4 §5.2.17, v5.0).
    const wanted = rd === 1 || (rd === 2 && stat !== "DELIVRD") || (rd === 3 && stat === "DELIVRD");
    if (!wanted) {
      s.smpp.send(pdu.response({ message_id: messageId }));
      return;
    }
    const receipt: PendingReceipt = {
      systemId: s.systemId,
      preferSession: s.id,
      fields: receiptFields(submittedMessage(pdu, messageId), stat, scripted?.errorCode ?? receipts.errorCode ?? 1),
      due: 0,
    };
    if (faults.receiptBeforeResponse) {
      const target = receiverFor(receipt);
      if (target) {
        sendReceipt(target, receipt, () => s.smpp.send(pdu.response({ message_id: messageId })));
        return;
      }
    }
    s.smpp.send(pdu.response({ message_id: messageId }));
    queue.schedule(receipt, receipts.delayMs ?? 0);
  }

  function submittedMessage(pdu: SmppPdu, messageId: string): SubmittedMessage {
    const text = messageText(pdu.short_message) || messageText(pdu.message_payload);
    const textFormat = receipts.textIdFormat && receipts.textIdFormat !== "same" ? receipts.textIdFormat : idFormat;
    return {
      messageId,
      textId: convertMessageId(messageId, idFormat, textFormat),
      sourceAddr: String(pdu.source_addr ?? ""),
      sourceTon: Number(pdu.source_addr_ton ?? 0),
      sourceNpi: Number(pdu.source_addr_npi ?? 0),
      destinationAddr: String(pdu.destination_addr ?? ""),
      destinationTon: Number(pdu.dest_addr_ton ?? 0),
      destinationNpi: Number(pdu.dest_addr_npi ?? 0),
      text,
      submittedAt: new Date(),
    };
  }

  function sendReceipt(target: Session, r: PendingReceipt, after?: () => void): void {
    const sent = send(target, "deliver_sm", r.fields, {
      onResponse: (status) => {
        if (status === 0) stats.receiptsSent++;
        else if (status === null) queue.keep(r);
        else queue.schedule(r, RECEIPT_RETRY_MS);
        after?.();
        if (status === null) queue.flush();
      },
    });
    if (!sent) {
      queue.keep(r);
      after?.();
    }
  }

  /** The submitting transceiver itself, else a receiver of the same system_id, else any bound receiver. */
  function receiverFor(r: { systemId: string | null; preferSession: number }): Session | null {
    const own = sessions.get(r.preferSession);
    if (own && !own.closed && own.mode === "transceiver") return own;
    let any: Session | null = null;
    for (const s of sessions.values()) {
      if (s.closed || s.mode === null || s.mode === "transmitter") continue;
      if (s.systemId === r.systemId) return s;
      any ??= s;
    }
    return any;
  }

  /** Sends a request PDU and remembers it until its response, or the connection's end (status null). */
  function send(s: Session, command: string, fields: Record<string, unknown>, out: Outgoing): boolean {
    if (s.closed) return false;
    const pdu = new smpp.PDU(command, fields);
    batchWrites(s);
    if (!s.smpp.send(pdu)) return false;
    s.outstanding.set(pdu.sequence_number, out);
    return true;
  }

  function onResponse(s: Session, pdu: SmppPdu): void {
    const out = s.outstanding.get(pdu.sequence_number);
    if (!out) return;
    s.outstanding.delete(pdu.sequence_number);
    out.onResponse(pdu.command_status, pdu);
  }

  function onClose(s: Session): void {
    s.closed = true;
    sessions.delete(s.id);
    const lost = [...s.outstanding.values()];
    s.outstanding.clear();
    for (const out of lost) out.onResponse(null, null);
  }

  function waitForReceiver(systemId: string | undefined, sessionId: number | undefined, timeoutMs: number): Promise<Session> {
    const find = (): Session | null => {
      if (sessionId !== undefined) {
        const s = sessions.get(sessionId);
        return s && !s.closed && s.mode !== null && s.mode !== "transmitter" ? s : null;
      }
      for (const s of sessions.values()) {
        if (!s.closed && s.mode !== null && s.mode !== "transmitter" && (systemId === undefined || s.systemId === systemId))
          return s;
      }
      return null;
    };
    const found = find();
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const waiter = {
        wake: () => {
          const s = find();
          if (!s) return;
          bindWaiters.delete(waiter);
          clearTimeout(t);
          resolve(s);
        },
        cancel: () => {
          clearTimeout(t);
          reject(new Error("simulator stopped"));
        },
      };
      const t = setTimeout(() => {
        bindWaiters.delete(waiter);
        reject(
          new Error(`simulator: no receiver or transceiver bound${systemId ? ` as ${systemId}` : ""} within ${timeoutMs} ms`),
        );
      }, timeoutMs);
      bindWaiters.add(waiter);
    });
  }

  /** Sends an MO (one deliver_sm or data_sm per part) and resolves with the responses' statuses. */
  async function pushMo(req: MoRequest): Promise<MoResult> {
    const target = await waitForReceiver(req.systemId, req.session, req.waitForBindMs ?? 5000);
    moReference = (moReference + 1) & 0xffff;
    const parts = buildMoParts(req, req.reference ?? moReference);
    const command = req.dataSm ? "data_sm" : "deliver_sm";
    const statuses: number[] = [];
    for (const fields of parts) {
      // Parts go one after the other, as SMSCs with a window of 1 per MO do; the order is then the wire order.
      statuses.push(await sendAndWait(target, command, fields, req.responseTimeoutMs ?? 10_000));
    }
    stats.moSent++;
    const status = statuses.find((st) => st !== 0) ?? statuses[statuses.length - 1];
    return { status, statusName: commandStatusName(status), statuses, session: target.id, parts: parts.length };
  }

  /** The moAfterBind fault: every part written now (behind the bind_resp, same corked write), answers not awaited. */
  function sendMoAfterBind(s: Session, req: MoRequest): void {
    faults = { ...faults, moAfterBind: null };
    moReference = (moReference + 1) & 0xffff;
    const command = req.dataSm ? "data_sm" : "deliver_sm";
    for (const fields of buildMoParts(req, req.reference ?? moReference))
      send(s, command, fields, { onResponse: () => undefined });
    stats.moSent++;
  }

  /** Sends one receipt for any id, now, and resolves with the deliver_sm_resp status. */
  async function pushReceipt(req: ReceiptRequest): Promise<{ status: number; statusName: string; session: number }> {
    const target = await waitForReceiver(req.systemId, req.session, req.waitForBindMs ?? 5000);
    const stat = req.stat ?? "DELIVRD";
    const handset = addressTonNpi(req.from ?? "33600000000");
    const sender = addressTonNpi(req.to ?? "SIM");
    const fields = receiptFields(
      {
        messageId: req.messageId,
        textId: req.messageId,
        sourceAddr: req.to ?? "SIM",
        sourceTon: sender.ton,
        sourceNpi: sender.npi,
        destinationAddr: req.from ?? "33600000000",
        destinationTon: handset.ton,
        destinationNpi: handset.npi,
        text: req.text ?? "",
        submittedAt: new Date(),
      },
      stat,
      req.errorCode ?? 1,
    );
    const status = await sendAndWait(target, "deliver_sm", fields, req.responseTimeoutMs ?? 10_000);
    return { status, statusName: commandStatusName(status), session: target.id };
  }

  function sendAndWait(s: Session, command: string, fields: Record<string, unknown>, timeoutMs: number): Promise<number> {
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`simulator: no ${command}_resp within ${timeoutMs} ms`)), timeoutMs);
      const sent = send(s, command, fields, {
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
   * Writes a malformed PDU (malformed-pdu.ts) on a session and resolves with the client's answer
   * (generic_nack expected).
   */
  function sendMalformedPdu(sessionId: number, kind: MalformedKind = "truncated", timeoutMs = 10_000): Promise<SmppPdu> {
    const s = sessions.get(sessionId);
    if (!s || s.closed) return Promise.reject(new Error(`simulator: no session ${sessionId}`));
    const counter = s.smpp as unknown as { sequence: number };
    const sequence = ++counter.sequence;
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => {
        s.outstanding.delete(sequence);
        reject(new Error(`simulator: no answer to the malformed PDU within ${timeoutMs} ms`));
      }, timeoutMs);
      s.outstanding.set(sequence, {
        onResponse: (_status, pdu) => {
          clearTimeout(t);
          if (pdu) resolve(pdu);
          else reject(new Error("simulator: connection closed after the malformed PDU"));
        },
      });
      s.smpp.socket.write(malformedPdu(kind, sequence));
    });
  }

  function setFaults(next: Faults): Faults {
    faults = { ...faults, ...next };
    // Copied: the script is used up as submit_sm come, the caller's object stays as it was.
    if (next.refuseSubmits)
      faults.refuseSubmits = Object.fromEntries(Object.entries(next.refuseSubmits).map(([to, list]) => [to, [...list]]));
    // dropAfterPdus counts from now for sessions already open.
    if (next.dropAfterPdus !== undefined) for (const s of sessions.values()) s.dropBaseline = s.received;
    // Released binds are answered now, as if they had just arrived (closed sessions are forgotten).
    if (!faults.stallBinds) for (const { s, pdu } of heldBinds.splice(0)) if (!s.closed) onBind(s, pdu);
    return faults;
  }

  function setThrottle(perSecond: number): void {
    throttle = perSecond;
    for (const s of sessions.values()) s.rate = throttle > 0 ? createRateWindow(throttle) : null;
  }

  function setReceipts(next: ReceiptOptions): void {
    receipts = { ...receipts, ...next };
    // Copied: the script is used up as MT come, the caller's object stays as it was.
    if (next.script) receipts.script = Object.fromEntries(Object.entries(next.script).map(([to, list]) => [to, [...list]]));
    if (next.outcomes) pickOutcome = createOutcomePicker(receipts.outcomes);
  }

  function sessionInfo(s: Session): SessionInfo {
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

  function getStats(): SimulatorStats {
    return {
      sessions: [...sessions.values()].map(sessionInfo),
      received: recorder.total(),
      ...stats,
      receiptsPending: queue.pending(),
      bindPeaks: { ...bindPeaks },
    };
  }

  function reset(): void {
    recorder.clear();
    faults = {};
    stats.submitSm = stats.throttled = stats.receiptsSent = stats.moSent = 0;
    for (const k of Object.keys(bindPeaks)) delete bindPeaks[k];
  }

  /** Closes every connection without unbind (as a crashing SMSC would). */
  function dropConnections(): void {
    for (const s of sessions.values()) drop(s);
  }

  /** Answers already given are flushed first (uncork), so a drop loses exactly the PDUs that came after it. */
  function drop(s: Session): void {
    s.smpp.socket.uncork();
    s.smpp.socket.destroy();
  }

  function stop(): void {
    queue.stop();
    dropConnections();
    recorder.cancelWaiters("simulator stopped");
    for (const w of [...bindWaiters]) w.cancel();
    bindWaiters.clear();
  }

  return {
    attach,
    received: recorder.entries,
    waitFor: recorder.waitFor,
    receivedSince: recorder.since,
    pushMo,
    pushReceipt,
    sendMalformedPdu,
    setFaults,
    setThrottle,
    setReceipts,
    setRecording: (on: boolean) => void (recording = on),
    sessions: () => [...sessions.values()].map(sessionInfo),
    stats: getStats,
    reset,
    dropConnections,
    stop,
  };
}

export type Smsc = ReturnType<typeof createSmsc>;
