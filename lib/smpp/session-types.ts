/**
 * The shapes of lib/smpp/session.ts: settings, hooks, steps and events of one SMPP session. Type-only.
 */
import type { CertificateCheck } from "./session-connect";
import type { SmppSessionError, StepName } from "./session-errors";
import type { DataSmPdu, DeliverSmPdu } from "./pdu-types";
import type { Pdu } from "./wire-pdu";

export type BindMode = "transceiver" | "transmitter" | "receiver";

export interface SessionSettings {
  host: string;
  port: number;
  systemId: string;
  /** Sent in the bind only; never in a step, an error or a trace. */
  password: string;
  systemType?: string;
  bindMode?: BindMode;
  tls?: boolean;
  certificateCheck?: CertificateCheck;
  /** Extra trusted CA certificates (PEM), e.g. the simulator's self-signed certificate. */
  ca?: string | Buffer | (string | Buffer)[];
  bindTon?: number;
  bindNpi?: number;
  addressRange?: string;
  /** From TCP connect to bind_resp (spec `bindTimeout`, in seconds there). Default 60 s. */
  bindTimeoutMs?: number;
  /** submit_sm awaiting their response (spec `window`). Default 10. */
  window?: number;
  /** submit_sm per second, in any 1-second window (spec `mtPerSecond`). 0 = unlimited. */
  mtPerSecond?: number;
  /** enquire_link when idle (spec `enquireLinkPeriod`); no answer within twice the period closes. 0 = off. */
  enquireLinkPeriodMs?: number;
}

export interface SessionStep {
  step: StepName;
  ok: boolean;
  ms: number;
  detail: string;
}

/** One PDU on the wire, with its exact bytes. `at` is Date.now(). */
export interface PduEvent {
  at: number;
  direction: "out" | "in";
  pdu: Pdu;
  bytes: Buffer;
}

export interface SessionHooks {
  onStep?: (step: SessionStep) => void;
  /** Every PDU both ways (traces). Leave unset on the hot path when traces are off. */
  onPdu?: (event: PduEvent) => void;
  /** Aborting stops openSession at once (code "aborted", nothing left open), e.g. when a test's HTTP client went away. */
  signal?: AbortSignal;
}

export interface SubmitResponse {
  commandStatus: number;
  /** message_id of submit_sm_resp ("" when the SMSC refused). */
  messageId: string;
}

export interface SessionClose {
  reason: string;
  error?: SmppSessionError;
}

/** Events: deliver_sm / data_sm (answer with `respond`), close (once), error (socket or protocol, before close). */
export interface SmppSessionEvents {
  deliver_sm: [pdu: DeliverSmPdu];
  data_sm: [pdu: DataSmPdu];
  close: [info: SessionClose];
  error: [error: SmppSessionError];
}
