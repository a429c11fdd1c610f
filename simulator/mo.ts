/**
 * deliver_sm / data_sm parts for an MO pushed into the simulator: text encoded like a handset's SMSC would,
 * split with an 8- or 16-bit concatenation UDH (3GPP TS 23.040 §9.2.3.24.1/.8) or SAR TLVs (SMPP v3.4 §5.3.2.22-24).
 */
import { canEncode, encodeText, partBoundaries, PART_OCTETS, type EncodingName } from "@/lib/smpp/codec/encoding";
import type { MoRequest } from "./types";

const DEFAULT_DATA_CODING: Record<EncodingName, number> = { gsm7: 0, ascii: 1, latin1: 3, ucs2: 8 };

/** A short code: 3 to 8 digits in most networks, never with a "+". */
const SHORT_CODE = /^\d{1,8}$/;

/**
 * TON / NPI of an address (SMPP v3.4 §5.2.5-6): a short code (up to 8 digits, no "+") is network specific (TON 3,
 * NPI 0: it is no E.164 number); a longer number international (TON 1, ISDN NPI 1); anything else an
 * alphanumeric sender (TON 5).
 */
export function addressTonNpi(addr: string): { ton: number; npi: number } {
  if (SHORT_CODE.test(addr)) return { ton: 3, npi: 0 };
  return /^\+?\d+$/.test(addr) ? { ton: 1, npi: 1 } : { ton: 5, npi: 0 };
}

export function buildMoParts(req: MoRequest, reference: number): Record<string, unknown>[] {
  const encoding: EncodingName = req.encoding ?? (canEncode(req.text, "gsm7") ? "gsm7" : "ucs2");
  const dataCoding = req.dataCoding ?? DEFAULT_DATA_CODING[encoding];
  const bytes = Buffer.from(encodeText(req.text, encoding));
  const from = addressTonNpi(req.from);
  const to = addressTonNpi(req.to);
  const base = {
    source_addr_ton: from.ton,
    source_addr_npi: from.npi,
    source_addr: req.from.replace(/^\+/, ""),
    dest_addr_ton: to.ton,
    dest_addr_npi: to.npi,
    destination_addr: req.to.replace(/^\+/, ""),
    data_coding: dataCoding,
  };
  const body = (octets: Buffer, esmClass: number, extra: Record<string, unknown> = {}) =>
    req.dataSm || octets.length > 254
      ? { ...base, esm_class: esmClass, message_payload: octets, ...extra }
      : { ...base, esm_class: esmClass, short_message: octets, ...extra };

  const concat = req.concat ?? "udh";
  if (bytes.length <= PART_OCTETS[encoding].single || concat === "none") return [body(bytes, 0)];

  const udhLength = concat === "udh" ? 6 : concat === "udh16" ? 7 : 0;
  let maxOctets = PART_OCTETS[encoding].single - udhLength;
  if ((encoding === "gsm7" || encoding === "ascii") && udhLength > 0) maxOctets = PART_OCTETS.gsm7.multi - (udhLength - 6);
  if (encoding === "ucs2") maxOctets -= maxOctets % 2;
  if (concat === "sar") maxOctets = PART_OCTETS[encoding].multi;
  const ends = partBoundaries(bytes, encoding, maxOctets);
  const total = ends.length;
  const parts: Record<string, unknown>[] = [];
  let start = 0;
  ends.forEach((end, i) => {
    const chunk = bytes.subarray(start, end);
    start = end;
    const seq = i + 1;
    if (concat === "sar") {
      parts.push(body(chunk, 0, { sar_msg_ref_num: reference & 0xffff, sar_total_segments: total, sar_segment_seqnum: seq }));
      return;
    }
    const udh =
      concat === "udh"
        ? Buffer.from([0x05, 0x00, 0x03, reference & 0xff, total, seq])
        : Buffer.from([0x06, 0x08, 0x04, (reference >> 8) & 0xff, reference & 0xff, total, seq]);
    parts.push(body(Buffer.concat([udh, chunk]), 0x40));
  });
  return parts;
}
