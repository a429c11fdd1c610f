/** Options, faults and records of the SMSC simulator (see simulator/README.md). */
import type { EncodingName } from "@/lib/smpp/codec/encoding";
import type { SmppPdu } from "./node-smpp";

/** Final states an SMSC reports in the receipt text `stat:` field (SMPP v3.4 Appendix B). */
export type ReceiptStat = "DELIVRD" | "EXPIRED" | "DELETED" | "UNDELIV" | "ACCEPTD" | "UNKNOWN" | "REJECTD";

export type ReceiptOptions = {
  /** Delay between the submit_sm_resp and the receipt, in ms (default 0). */
  delayMs?: number;
  /** Relative weights of each outcome, e.g. `{DELIVRD: 9, UNDELIV: 1}` (default all DELIVRD). */
  outcomes?: Partial<Record<ReceiptStat, number>>;
  /** `err:` code written for non-DELIVRD outcomes (default 1). */
  errorCode?: number;
  /** Id written in the receipt text: the id of the submit_sm_resp (default) or the other notation. */
  textIdFormat?: "same" | "hex" | "decimal";
  /**
   * One receipt per part of a long MT (default true, as most SMSCs send one per accepted submit_sm): a part whose own
   * registered_delivery is 0 takes that of an earlier part of its message (UDH or SAR reference), so an ESME asking
   * on the first part only gets a receipt for each part. false: only the submit_sm whose registered_delivery asks.
   */
  perPart?: boolean;
  /**
   * Scripted receipts per destination_addr (as received, e.g. "33612345678"): each MT (each part, under `perPart`)
   * to that number that asks for a receipt takes the next entry; once they are used up, `outcomes` applies again.
   * E.g. fail softly once, then deliver: `{"33612345678": [{stat: "UNDELIV", errorCode: 1}]}`.
   */
  script?: Record<string, { stat: ReceiptStat; errorCode?: number }[]>;
};

export type Faults = {
  /** Answer every bind with this status (true = ESME_RBINDFAIL). */
  rejectBinds?: boolean | number;
  /** Hold every bind_resp (the bind is still recorded); setting it back to false answers the held binds. */
  stallBinds?: boolean;
  /** Close the connection (without unbind) as soon as a session has received this many PDUs since the fault was set. */
  dropAfterPdus?: number | null;
  /** Stop answering submit_sm / data_sm (they are still recorded). */
  stallSubmits?: boolean;
  /** Stop answering enquire_link. */
  stallEnquireLinks?: boolean;
  /** Answer every submit_sm with this status instead of ESME_ROK (e.g. 0x0b ESME_RINVDSTADR). */
  submitStatus?: number | null;
  /**
   * Scripted refusals per destination_addr (as received): each submit_sm to that number takes the next status as its
   * answer; once they are used up it is answered as usual. E.g. refuse the first one softly:
   * `{"33612345678": [0x45]}` (ESME_RSUBMITFAIL).
   */
  refuseSubmits?: Record<string, number[]> | null;
  /** Send the receipt (and wait for its deliver_sm_resp) before the submit_sm_resp. */
  receiptBeforeResponse?: boolean;
  /** Send a malformed PDU right after each successful bind. */
  malformedPduAfterBind?: boolean;
  /**
   * Send this MO once, on the next receiver/transceiver bind, in the same TCP write as its bind_resp (an SMSC
   * flushing what it kept while the ESME was down). Not retried; its deliver_sm_resp is in `received`.
   */
  moAfterBind?: MoRequest | null;
};

export type Credential = { systemId: string; password: string };

export type SimulatorOptions = {
  host?: string;
  /** Plain SMPP port; 0 (default) picks a free one. */
  port?: number;
  /** TLS SMPP port; 0 (default) picks a free one, null disables TLS. */
  tlsPort?: number | null;
  /** HTTP control port; 0 (default) picks a free one, null disables the control endpoint. */
  controlPort?: number | null;
  systemId?: string;
  password?: string;
  /** More accepted credentials (e.g. a separate receiver account). */
  credentials?: Credential[];
  /** system_id the simulator names itself with in bind_resp. */
  smscSystemId?: string;
  messageIdFormat?: "hex" | "decimal";
  /** First message id (default: derived from the clock so that ids differ between runs). */
  firstMessageId?: number;
  receipts?: ReceiptOptions;
  /** Max accepted submit_sm per bind in any 1-second window; more gets ESME_RTHROTTLED. 0/undefined = no limit. */
  throttlePerSecond?: number;
  faults?: Faults;
  /** Record every received PDU in `received` (default true; benches turn it off). */
  record?: boolean;
  /** Oldest records are dropped past this count (default unlimited). */
  maxRecorded?: number;
  /** Where the self-signed certificate is cached (default DATA_DIR, else the OS temp folder). */
  certDir?: string;
};

export type BindMode = "transmitter" | "receiver" | "transceiver";

/** One PDU the simulator received, as it was on the wire. */
export type ReceivedPdu = {
  /** Position in the whole log (stable across trimming; `GET /received?since=`). */
  index: number;
  /** Receive time, ms since the epoch with sub-millisecond resolution. */
  at: number;
  /** Session (connection) id, 1, 2, … */
  session: number;
  systemId: string | null;
  tls: boolean;
  command: string;
  commandStatus: number;
  sequenceNumber: number;
  /** The PDU as decoded by node-smpp (body fields and TLVs by name). */
  fields: SmppPdu;
  /** Exact received octets (null when recording of raw bytes was off). */
  raw: Buffer | null;
};

export type SessionInfo = {
  id: number;
  remote: string;
  tls: boolean;
  mode: BindMode | null;
  systemId: string | null;
  received: number;
  submits: number;
  connectedAt: number;
};

export type MoRequest = {
  from: string;
  to: string;
  text: string;
  /** Default: gsm7 when the text fits GSM 03.38, else ucs2. */
  encoding?: EncodingName;
  /** data_coding to announce (default 0 for gsm7, 1 for ascii, 3 for latin1, 8 for ucs2). */
  dataCoding?: number;
  /** How a text longer than one SMS is split (default "udh"); "none" sends it whole in message_payload. */
  concat?: "udh" | "udh16" | "sar" | "none";
  /** Concatenation reference (default: next of a counter). */
  reference?: number;
  /** Send through this session id; default: a bound receiver/transceiver (of `systemId` when given). */
  session?: number;
  systemId?: string;
  /** Send as data_sm instead of deliver_sm. */
  dataSm?: boolean;
  /** How long to wait for a receiver to be bound (default 5000 ms). */
  waitForBindMs?: number;
  /** How long to wait for each deliver_sm_resp (default 10000 ms). */
  responseTimeoutMs?: number;
};

export type MoResult = {
  /** command_status of the last part's response (the first non-zero one when a part failed). */
  status: number;
  statusName: string;
  /** One per part. */
  statuses: number[];
  session: number;
  parts: number;
};

/** A status report pushed on demand (e.g. for an id the ESME never sent: "unknown SRs are kept"). */
export type ReceiptRequest = {
  messageId: string;
  stat?: ReceiptStat;
  /** `err:` code (default 0 for DELIVRD, else 1). */
  errorCode?: number;
  /** The handset (source of the receipt; default "33600000000") and the ESME's sender (default "SIM"). */
  from?: string;
  to?: string;
  /** First characters of the MT for `text:` (default ""). */
  text?: string;
  session?: number;
  systemId?: string;
  waitForBindMs?: number;
  responseTimeoutMs?: number;
};

export type SimulatorStats = {
  sessions: SessionInfo[];
  received: number;
  submitSm: number;
  throttled: number;
  receiptsSent: number;
  receiptsPending: number;
  moSent: number;
  /** Most sessions bound at once, per "systemId mode" (e.g. "acme transceiver"), since the last reset. */
  bindPeaks: Record<string, number>;
};
