/**
 * submit_sm field objects for one MT ("Test send", the dispatcher): encoding chosen from the account's
 * mapping, UDH concatenation (esm_class 0x40) or message_payload, TON/NPI, service type, validity period and
 * registered_delivery on the first part only (as Adobe does). Pure: no socket; the objects go to node-smpp as is.
 *
 * Bytes on the wire are exactly ours: node-smpp's message filter returns a Buffer short_message / message_payload
 * untouched (no re-encoding, no esm_class change), which tests/unit/submit-pdu-bytes-match-node-smpp.test.ts checks.
 *
 * Hot path (20,000 MT/s): a bulk delivery sends one text to many numbers, so the encoded text of the last call is
 * cached per settings object; each call then only validates the number and writes the UDH. The short_message and
 * message_payload Buffers of a single-part MT are therefore shared between calls: treat them as read-only.
 */
import {
  chooseEncoding,
  countEncoded,
  countProblem,
  encodeText,
  partBoundaries,
  PART_OCTETS,
  type EncodingEntry,
  type EncodingName,
  type MessageCount,
} from "./codec/encoding";
import { normalisePhoneNumber } from "./codec/phone";
import { CONCAT_UDH_LENGTH, ESM_CLASS_UDHI, writeConcatUdh } from "./codec/udh";
import { dataCodingFor, DEST_ADDR_SUBUNIT, type TransmissionMode } from "./codec/transmission-mode";
import type { RawTlv } from "./wire-pdu";

/** The settings an MT needs (a routing account's `channel` and `smsc` fit). */
export type SubmitSettings = {
  channel: {
    transliteration: boolean;
    sourceNumber: string;
    sourceTon: number;
    sourceNpi: number;
    destinationTon: number;
    destinationNpi: number;
    serviceType: string;
  };
  smsc: {
    /** null: GSM 03.38 with data_coding 0, else UCS-2 with 8. */
    encodings: readonly EncodingEntry[] | null;
    messagePayload: boolean;
    maxParts: number;
    /** Who set maxParts (a delivery may override the account's), for the "SMS too long" message. */
    maxPartsFrom?: "account" | "delivery";
    sendFullPhoneNumber: boolean;
  };
};

/** submit_sm mandatory fields (SMPP v3.4 §4.4.1) with node-smpp's names, plus the message_payload TLV. */
export type SubmitSmFields = {
  service_type: string;
  source_addr_ton: number;
  source_addr_npi: number;
  source_addr: string;
  dest_addr_ton: number;
  dest_addr_npi: number;
  destination_addr: string;
  esm_class: number;
  protocol_id: number;
  priority_flag: number;
  schedule_delivery_time: string;
  validity_period: string;
  registered_delivery: number;
  replace_if_present_flag: number;
  data_coding: number;
  sm_default_msg_id: number;
  short_message: Buffer;
  message_payload?: Buffer;
  /** Transmission mode other than Normal (SMPP v3.4 §5.3.2.1). */
  dest_addr_subunit?: number;
  /** Vendor TLVs (account, delivery, Service ID), written by encodePdu after node-smpp's bytes. */
  tlvs?: readonly RawTlv[];
};

export type SubmitRequest = {
  to: string;
  /** source_addr; defaults to the account's source number. */
  from?: string | null;
  text: string;
  settings: SubmitSettings;
  /** Ask for a status report (registered_delivery 1) on the first part. */
  registeredDelivery: boolean;
  /**
   * Seconds from now (relative SMPP time), a Date (absolute UTC SMPP time), or an SMPP time string passed through;
   * absent = SMSC default.
   */
  validityPeriod?: number | string | Date | null;
  /** Normal (default), Flash, Save on mobile, Save on terminal: dest_addr_subunit and, for Flash, data_coding. */
  transmissionMode?: TransmissionMode;
  /** Vendor TLVs sent with every part. */
  tlvs?: readonly RawTlv[];
  /** Concatenation reference shared by the parts of this message (8 bits: 0–255). */
  reference: number;
};

export type SubmitErrorCode = "invalid_number" | "empty_text" | "unencodable" | "too_long";

export type SubmitResult =
  | {
      ok: true;
      encoding: EncodingName;
      dataCoding: number;
      /** destination_addr as sent. */
      destination: string;
      /** The text as sent (transliterated when the account allows it and it was needed). */
      text: string;
      count: MessageCount;
      parts: SubmitSmFields[];
    }
  | { ok: false; code: SubmitErrorCode; error: string; count?: MessageCount };

type EncodedText = {
  text: string;
  transliteration: boolean;
  result:
    | {
        ok: true;
        encoding: EncodingName;
        dataCoding: number;
        sentText: string;
        bytes: Buffer;
        /** End offset of each UDH part (one entry: a single SMS or message_payload). */
        ends: number[];
        /** The whole text goes in message_payload. */
        payload: boolean;
        count: MessageCount;
      }
    | { ok: false; code: SubmitErrorCode; error: string; count?: MessageCount };
};

// Keyed by the smsc settings object (stable for a loaded account even when callers rebuild `settings`).
const LAST_ENCODED = new WeakMap<object, EncodedText>();

function encodeForAccount(text: string, settings: SubmitSettings): EncodedText["result"] {
  const transliteration = settings.channel.transliteration;
  const cached = LAST_ENCODED.get(settings.smsc);
  if (cached && cached.text === text && cached.transliteration === transliteration) return cached.result;
  const result = encodeUncached(text, settings);
  LAST_ENCODED.set(settings.smsc, { text, transliteration, result });
  return result;
}

function encodeUncached(text: string, settings: SubmitSettings): EncodedText["result"] {
  if (!text) return { ok: false, code: "empty_text", error: "Text is required" };
  const { smsc, channel } = settings;
  const choice = chooseEncoding(text, smsc.encodings, channel.transliteration);
  if (!choice) {
    return { ok: false, code: "unencodable", error: "The text has characters that none of the account's encodings can carry" };
  }
  const encoded = encodeText(choice.text, choice.encoding);
  const bytes = Buffer.from(encoded.buffer, encoded.byteOffset, encoded.byteLength);
  const count = countEncoded(encoded, choice, smsc);
  if (count.tooLong) {
    return { ok: false, code: "too_long", error: countProblem(count, smsc) ?? "SMS too long", count };
  }
  const long = encoded.length > PART_OCTETS[choice.encoding].single;
  // "Enable message_payload": a LONG text goes whole in the TLV; one that fits an SMS stays in short_message,
  // which every SMSC reads.
  const payload = smsc.messagePayload && long;
  const ends = long && !payload ? partBoundaries(encoded, choice.encoding, PART_OCTETS[choice.encoding].multi) : [encoded.length];
  return {
    ok: true,
    encoding: choice.encoding,
    dataCoding: choice.dataCoding,
    sentText: choice.text,
    bytes,
    ends,
    payload,
    count,
  };
}

const EMPTY = Buffer.alloc(0);

/** Builds the submit_sm of each part of one MT, or says why it cannot be sent. */
export function buildSubmitParts(req: SubmitRequest): SubmitResult {
  const { settings } = req;
  const { channel, smsc } = settings;
  const phone = normalisePhoneNumber(req.to, { sendFullPhoneNumber: smsc.sendFullPhoneNumber });
  if (!phone.ok) return { ok: false, code: "invalid_number", error: phone.error };
  const enc = encodeForAccount(req.text, settings);
  if (!enc.ok) return enc;

  const mode = req.transmissionMode ?? "normal";
  const dataCoding = dataCodingFor(mode, enc.encoding, enc.dataCoding);
  const base: Omit<SubmitSmFields, "esm_class" | "registered_delivery" | "short_message"> = {
    service_type: channel.serviceType,
    source_addr_ton: channel.sourceTon,
    source_addr_npi: channel.sourceNpi,
    source_addr: req.from || channel.sourceNumber,
    dest_addr_ton: channel.destinationTon,
    dest_addr_npi: channel.destinationNpi,
    destination_addr: phone.number,
    protocol_id: 0,
    priority_flag: 0,
    schedule_delivery_time: "",
    validity_period: validityPeriodField(req.validityPeriod),
    replace_if_present_flag: 0,
    data_coding: dataCoding,
    sm_default_msg_id: 0,
  };
  if (mode !== "normal") base.dest_addr_subunit = DEST_ADDR_SUBUNIT[mode];
  if (req.tlvs && req.tlvs.length > 0) base.tlvs = req.tlvs;
  const srFlag = req.registeredDelivery ? 1 : 0;
  const parts: SubmitSmFields[] = [];
  const { bytes, ends } = enc;

  if (enc.payload) {
    parts.push({ ...base, esm_class: 0, registered_delivery: srFlag, short_message: EMPTY, message_payload: bytes });
  } else if (ends.length === 1) {
    parts.push({ ...base, esm_class: 0, registered_delivery: srFlag, short_message: bytes });
  } else {
    const total = ends.length;
    let start = 0;
    for (let i = 0; i < total; i++) {
      const end = ends[i];
      const sm = Buffer.allocUnsafe(CONCAT_UDH_LENGTH + end - start);
      writeConcatUdh(sm, 0, req.reference, total, i + 1);
      bytes.copy(sm, CONCAT_UDH_LENGTH, start, end);
      parts.push({ ...base, esm_class: ESM_CLASS_UDHI, registered_delivery: i === 0 ? srFlag : 0, short_message: sm });
      start = end;
    }
  }
  return {
    ok: true,
    encoding: enc.encoding,
    dataCoding,
    destination: phone.number,
    text: enc.sentText,
    count: enc.count,
    parts,
  };
}

/**
 * validity_period: seconds become a relative time `YYMMDDhhmmss000R`, a Date an absolute UTC time
 * `YYMMDDhhmmsst00+` (SMPP v3.4 §7.1.1); strings are passed through; nothing = "" (the SMSC's default validity).
 */
export function validityPeriodField(v: number | string | Date | null | undefined): string {
  if (v === null || v === undefined || v === "") return "";
  if (typeof v === "string") return v;
  if (v instanceof Date) return absoluteSmppTime(v);
  let s = Math.max(0, Math.floor(v));
  const days = Math.min(99, Math.floor(s / 86400));
  s = days === 99 ? 86399 : s - days * 86400;
  const two = (n: number) => String(n).padStart(2, "0");
  return `0000${two(days)}${two(Math.floor(s / 3600))}${two(Math.floor((s % 3600) / 60))}${two(s % 60)}000R`;
}

/** An absolute SMPP time in UTC: `YYMMDDhhmmsst00+` (t = tenths of a second, 00 quarter hours from UTC). */
export function absoluteSmppTime(at: Date): string {
  const two = (n: number) => String(n).padStart(2, "0");
  return (
    two(at.getUTCFullYear() % 100) +
    two(at.getUTCMonth() + 1) +
    two(at.getUTCDate()) +
    two(at.getUTCHours()) +
    two(at.getUTCMinutes()) +
    two(at.getUTCSeconds()) +
    String(Math.floor(at.getUTCMilliseconds() / 100)) +
    "00+"
  );
}
