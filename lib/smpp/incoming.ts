/**
 * deliver_sm / data_sm from the SMSC: a status report or an MO, and the MO's text decoded with the
 * account's encoding mapping, concatenation info from the UDH (8- or 16-bit reference) or the SAR TLVs.
 * Pure: takes the PDU as node-smpp hands it over, returns plain values.
 */
import { decodeText, encodeText, type EncodingEntry, type EncodingName } from "./codec/encoding";
import { srTlvs, TAG_MESSAGE_STATE, TAG_RECEIPTED_MESSAGE_ID, type SrTlv } from "./codec/status-report";
import { ESM_CLASS_UDHI, parseUdh, sarConcat, type ConcatInfo } from "./codec/udh";
import type { InboundMessageFields } from "./pdu-types";

export type { ConcatInfo };

/** esm_class message type bits (SMPP v3.4 §5.2.12): 0x04 SMSC delivery receipt, 0x08 SME delivery ack,
 * 0x10 user ack, 0x20 intermediate delivery notification. */
export const ESM_CLASS_SMSC_RECEIPT = 0x04;
export const ESM_CLASS_SME_ACK = 0x08;
export const ESM_CLASS_INTERMEDIATE = 0x20;

/**
 * A short_message or message_payload: the octets on the wire (what lib/smpp's session hands over, see `decodePdu`
 * in wire-pdu.ts), or `{udh, message}` when node-smpp's own filter ran (a PDU decoded elsewhere).
 */
export type MessageField =
  Uint8Array | string | { udh?: readonly Uint8Array[] | Uint8Array | null; message: string | Uint8Array } | null | undefined;

/**
 * The deliver_sm / data_sm fields we read: those of pdu-types.ts (node-smpp's names; TLVs by name), with the
 * message as the wire octets or, for a dump decoded elsewhere, as node-smpp's own text.
 */
export type IncomingPdu = Omit<InboundMessageFields, "short_message" | "message_payload"> & {
  command?: string;
  short_message?: MessageField;
  message_payload?: MessageField;
  [key: string]: unknown;
};

type Addresses = {
  command: "deliver_sm" | "data_sm";
  origin: string;
  destination: string;
  sourceTon: number;
  sourceNpi: number;
  destinationTon: number;
  destinationNpi: number;
  esmClass: number;
  dataCoding: number;
};

/** A status report: give `text` and `tlvs` to `parseStatusReport`. */
export type InboundReceipt = Addresses & {
  kind: "receipt";
  /** The receipt text (`id:… stat:… err:…`), read as ASCII/Latin-1 octets (UCS-2 when data_coding says so). */
  text: string;
  tlvs: SrTlv[];
  receiptedMessageId: string | null;
  messageState: number | null;
};

/** An MO (one segment of it when `concat` is set). */
export type InboundSms = Addresses & {
  kind: "mo";
  encoding: EncodingName;
  /** This segment's text, UDH removed. */
  text: string;
  concat: ConcatInfo | null;
};

export type InboundPdu = InboundReceipt | InboundSms;

/**
 * Receipt when esm_class says SMSC delivery receipt (0x04), SME acknowledgement (0x08) or intermediate
 * notification (0x20), or when receipted_message_id is present (data_sm receipts may set no bit); MO otherwise.
 */
export function isReceipt(pdu: Pick<IncomingPdu, "esm_class" | "receipted_message_id">): boolean {
  const esm = pdu.esm_class ?? 0;
  if (esm & (ESM_CLASS_SMSC_RECEIPT | ESM_CLASS_SME_ACK | ESM_CLASS_INTERMEDIATE)) return true;
  return typeof pdu.receipted_message_id === "string" && pdu.receipted_message_id.length > 0;
}

/**
 * The encoding of a data_coding: the account's mapping first (it says what this SMSC means by each value),
 * then SMPP v3.4 §5.2.19 / TS 23.038 §4: 0 GSM 03.38, 1 IA5 (ASCII), 3 Latin-1, 8 UCS-2, the coding groups
 * 0x00–0x3F (bits 3–2: 00 GSM, 01 8-bit, 10 UCS-2) and 0xF0–0xFF (bit 2: GSM or 8-bit); 8-bit data is read as Latin-1.
 */
export function encodingForDataCoding(dataCoding: number, mapping: readonly EncodingEntry[] | null | undefined): EncodingName {
  if (mapping) for (const e of mapping) if (e.dataCoding === dataCoding) return e.encoding;
  switch (dataCoding) {
    case 0:
      return "gsm7";
    case 1:
      return "ascii";
    case 3:
      return "latin1";
    case 8:
      return "ucs2";
  }
  if (dataCoding <= 0x3f && dataCoding >= 0x10) {
    const alphabet = (dataCoding >> 2) & 0x03;
    return alphabet === 0 ? "gsm7" : alphabet === 2 ? "ucs2" : "latin1";
  }
  if (dataCoding >= 0xf0) return dataCoding & 0x04 ? "latin1" : "gsm7";
  return "latin1";
}

/** Decodes the text octets of a short_message (UDH already removed) for `dataCoding`. */
export function decodeShortMessage(
  bytes: Uint8Array,
  dataCoding: number,
  mapping: readonly EncodingEntry[] | null | undefined,
): string {
  return decodeText(bytes, encodingForDataCoding(dataCoding, mapping));
}

/**
 * The octets of a short_message / message_payload as they were on the wire (UDH included). Octets are returned as
 * they are: that is what the session gives for deliver_sm / data_sm, so the account's mapping alone decides the
 * text. For a PDU that went through node-smpp's filter (`{udh, message}`, decoded by `data_coding & 0x0F`: 0/1 as
 * GSM 03.38, 3 Latin-1, 8 UTF-16BE) this re-encodes its text, which is exact only where node-smpp's reading was:
 * octets it could not read (Latin-1 "é" under data_coding 1) were already replaced by spaces.
 */
export function messageOctets(field: MessageField, dataCoding: number): Uint8Array {
  if (field === null || field === undefined) return new Uint8Array(0);
  if (field instanceof Uint8Array) return field;
  if (typeof field === "string") return reencodeNodeSmpp(field, dataCoding);
  const message = field.message instanceof Uint8Array ? field.message : reencodeNodeSmpp(field.message ?? "", dataCoding);
  const udhs = field.udh ? (field.udh instanceof Uint8Array ? [field.udh] : field.udh) : [];
  if (udhs.length === 0) return message;
  // node-smpp splits the UDH into its information elements and drops the UDHL octet.
  let udhLength = 0;
  for (const ie of udhs) udhLength += ie.length;
  const out = new Uint8Array(1 + udhLength + message.length);
  out[0] = udhLength;
  let o = 1;
  for (const ie of udhs) {
    out.set(ie, o);
    o += ie.length;
  }
  out.set(message, o);
  return out;
}

function reencodeNodeSmpp(text: string, dataCoding: number): Uint8Array {
  const nibble = dataCoding & 0x0f;
  if (nibble === 8) return encodeText(text, "ucs2");
  if (nibble === 3) return encodeText(text, "latin1");
  // GSM: node-smpp leaves an ESC it cannot pair as the character U+001B.
  const parts = text.split("\u001b");
  if (parts.length === 1) return encodeText(text, "gsm7");
  const chunks = parts.map((p) => encodeText(p, "gsm7"));
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0) + parts.length - 1);
  let o = 0;
  chunks.forEach((c, i) => {
    if (i > 0) out[o++] = 0x1b;
    out.set(c, o);
    o += c.length;
  });
  return out;
}

/** Reads a deliver_sm or data_sm: a status report, or an MO with its decoded text and concatenation info. */
export function classifyDeliverSm(pdu: IncomingPdu, mapping: readonly EncodingEntry[] | null = null): InboundPdu {
  const esmClass = pdu.esm_class ?? 0;
  const dataCoding = pdu.data_coding ?? 0;
  const addresses: Addresses = {
    command: pdu.command === "data_sm" ? "data_sm" : "deliver_sm",
    origin: pdu.source_addr ?? "",
    destination: pdu.destination_addr ?? "",
    sourceTon: pdu.source_addr_ton ?? 0,
    sourceNpi: pdu.source_addr_npi ?? 0,
    destinationTon: pdu.dest_addr_ton ?? 0,
    destinationNpi: pdu.dest_addr_npi ?? 0,
    esmClass,
    dataCoding,
  };
  const payload = messageOctets(pdu.message_payload, dataCoding);
  let octets = payload.length > 0 ? payload : messageOctets(pdu.short_message, dataCoding);

  if (isReceipt(pdu)) {
    const tlvs = srTlvs(pdu);
    const receipted = tlvs.find((t) => t.tag === TAG_RECEIPTED_MESSAGE_ID);
    const state = tlvs.find((t) => t.tag === TAG_MESSAGE_STATE);
    const encoding: EncodingName = (dataCoding & 0x0f) === 8 ? "ucs2" : "latin1";
    return {
      kind: "receipt",
      ...addresses,
      text: decodeText(octets, encoding),
      tlvs,
      receiptedMessageId: receipted ? String(receipted.value).replace(/\0+$/, "") : null,
      messageState: state && typeof state.value === "number" ? state.value : null,
    };
  }

  let concat: ConcatInfo | null = null;
  if (esmClass & ESM_CLASS_UDHI && octets.length > 0) {
    const udh = parseUdh(octets);
    if (udh) {
      concat = udh.concat;
      octets = octets.subarray(udh.headerLength);
    }
  }
  concat ??= sarConcat(pdu);
  const encoding = encodingForDataCoding(dataCoding, mapping);
  return { kind: "mo", ...addresses, encoding, text: decodeText(octets, encoding), concat };
}

/**
 * Joins the segments of one concatenated MO (same origin, reference and total) in sequence order; null until
 * every sequence 1..total is there. Duplicated segments (an SMSC redelivery) count once.
 */
export function joinSegments(segments: readonly Pick<InboundSms, "text" | "concat">[]): string | null {
  if (segments.length === 0) return null;
  const total = segments[0].concat?.total ?? 1;
  const bySeq = new Map<number, string>();
  for (const s of segments) bySeq.set(s.concat?.sequence ?? 1, s.text);
  let out = "";
  for (let i = 1; i <= total; i++) {
    const t = bySeq.get(i);
    if (t === undefined) return null;
    out += t;
  }
  return out;
}
