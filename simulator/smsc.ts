/**
 * The SMSC behind the simulator's ports, for sessions that node-smpp's server hands over: each PDU goes to the part
 * that answers it (binds.ts, submits.ts, session.ts for responses), and the parts are wired to each other here:
 * what a new bind sets off, the counters, reset and stop. Receipts live in receipt-sender.ts, MO in mo-push.ts,
 * faults in faults.ts. Listening, TLS and HTTP live in index.ts.
 *
 * Hot path (bench target): recording is one branch when off. No per-PDU logging.
 */
import { performance } from "node:perf_hooks";
import { COMMAND_STATUS } from "@/lib/smpp/codec/command-status";
import { createBinds } from "./binds";
import { createFaults } from "./faults";
import type { MalformedKind } from "./malformed-pdu";
import { createMoPush } from "./mo-push";
import type { SmppPdu, SmppSession } from "./node-smpp";
import { createReceiptSender } from "./receipt-sender";
import { createRecorder } from "./recorder";
import { batchWrites, dropSession, settleResponse, type Session } from "./session";
import { createSubmits } from "./submits";
import type { Credential, SimulatorOptions, SimulatorStats } from "./types";

export type { MalformedKind };

export function createSmsc(options: SimulatorOptions) {
  const credentials: Credential[] = [
    { systemId: options.systemId ?? "simulator", password: options.password ?? "secret" },
    ...(options.credentials ?? []),
  ];
  const idFormat = options.messageIdFormat ?? "hex";
  const recorder = createRecorder(options.maxRecorded ?? Infinity);
  let recording = options.record ?? true;
  // One object, bumped by the parts that count, so that stats() and reset() see them all (key order = /stats JSON).
  const counters = { submitSm: 0, throttled: 0, receiptsSent: 0, moSent: 0 };

  const binds = createBinds({
    credentials,
    smscSystemId: options.smscSystemId ?? "SMSC-SIM",
    faults: () => faults.now(),
    onBound: afterBind,
  });
  const faults = createFaults(options.faults, binds);
  const receipts = createReceiptSender({ binds, idFormat, initial: options.receipts, counters });
  const submits = createSubmits({
    idFormat,
    firstMessageId: options.firstMessageId,
    throttlePerSecond: options.throttlePerSecond ?? 0,
    faults: faults.now,
    receipts,
    counters,
  });
  const mo = createMoPush({ binds, counters });

  function attach(smppSession: SmppSession, tls: boolean): void {
    const s = binds.open(smppSession, tls, submits.newRate(), () => recording);
    smppSession.on("pdu", (pdu: SmppPdu) => {
      batchWrites(s);
      onPdu(s, pdu);
    });
    // A reset connection is the client's business; the simulator just forgets the session.
    smppSession.on("error", () => smppSession.socket.destroy());
    smppSession.on("close", () => binds.close(s));
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
    if (faults.dropsNow(s)) {
      dropSession(s);
      return;
    }
    switch (pdu.command) {
      case "submit_sm":
      case "data_sm":
        submits.answerSubmit(s, pdu);
        return;
      case "enquire_link":
        if (!faults.now().stallEnquireLinks) s.smpp.send(pdu.response());
        return;
      case "bind_transmitter":
      case "bind_receiver":
      case "bind_transceiver":
        binds.answerBind(s, pdu);
        return;
      case "unbind":
        s.smpp.send(pdu.response());
        s.smpp.close();
        return;
      default:
        if (pdu.isResponse()) settleResponse(s, pdu);
        else if (pdu.command === "unknown") s.smpp.send(pdu.response());
        else if (pdu.command !== "outbind" && pdu.command !== "alert_notification") {
          s.smpp.send(pdu.response({ command_status: COMMAND_STATUS.ESME_RINVCMDID }));
        }
    }
  }

  /** Behind a bind_resp ESME_ROK: a new receiver takes the receipts kept for want of one, then the faults on bind. */
  function afterBind(s: Session): void {
    if (s.mode !== "transmitter") {
      receipts.flush();
      const moAfterBind = faults.takeMoAfterBind();
      if (moAfterBind) mo.sendAfterBind(s, moAfterBind);
    }
    if (faults.now().malformedPduAfterBind) void faults.sendMalformedPdu(s.id);
  }

  function stats(): SimulatorStats {
    return {
      sessions: binds.info(),
      received: recorder.total(),
      ...counters,
      receiptsPending: receipts.pending(),
      bindPeaks: binds.peaks(),
    };
  }

  function reset(): void {
    recorder.clear();
    faults.clear();
    counters.submitSm = counters.throttled = counters.receiptsSent = counters.moSent = 0;
    binds.resetPeaks();
  }

  function stop(): void {
    receipts.stop();
    faults.dropConnections();
    recorder.cancelWaiters("simulator stopped");
    binds.cancelWaiters();
  }

  return {
    attach,
    received: recorder.entries,
    waitFor: recorder.waitFor,
    receivedSince: recorder.since,
    pushMo: mo.pushMo,
    pushReceipt: receipts.pushReceipt,
    sendMalformedPdu: faults.sendMalformedPdu,
    setFaults: faults.set,
    setThrottle: (perSecond: number) => submits.setThrottle(perSecond, binds.all()),
    setReceipts: receipts.setReceipts,
    setRecording: (on: boolean) => void (recording = on),
    sessions: binds.info,
    stats,
    reset,
    dropConnections: faults.dropConnections,
    stop,
  };
}

export type Smsc = ReturnType<typeof createSmsc>;
