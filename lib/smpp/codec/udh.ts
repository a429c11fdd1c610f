/**
 * User Data Header (3GPP TS 23.040 §9.2.3.24) for concatenated SMS: what we prepend to each part of a long MT,
 * and what we read from a concatenated MO. Client-safe (Uint8Array only).
 */

/** IEI 0x00: concatenation with an 8-bit reference; IEI 0x08: with a 16-bit reference. */
export const IEI_CONCAT_8BIT = 0x00;
export const IEI_CONCAT_16BIT = 0x08;

/** Length of the UDH we send: UDHL(1) + IEI(1) + IEDL(1) + reference(1) + total(1) + sequence(1). */
export const CONCAT_UDH_LENGTH = 6;

/** esm_class bit that says short_message starts with a UDH (SMPP v3.4 §5.2.12). */
export const ESM_CLASS_UDHI = 0x40;

/** Writes `05 00 03 ref total seq` at `offset` of `out`. */
export function writeConcatUdh(out: Uint8Array, offset: number, reference: number, total: number, sequence: number): void {
  out[offset] = 0x05;
  out[offset + 1] = IEI_CONCAT_8BIT;
  out[offset + 2] = 0x03;
  out[offset + 3] = reference & 0xff;
  out[offset + 4] = total & 0xff;
  out[offset + 5] = sequence & 0xff;
}

export type ConcatInfo = { reference: number; total: number; sequence: number; referenceBits: 8 | 16 };

export type ParsedUdh = {
  /** Octets taken by the header, UDHL included: the text starts there. */
  headerLength: number;
  elements: { iei: number; data: Uint8Array }[];
  concat: ConcatInfo | null;
};

/** Reads the UDH at the start of `bytes`; null when it is malformed (declared longer than the message). */
export function parseUdh(bytes: Uint8Array): ParsedUdh | null {
  if (bytes.length < 1) return null;
  const udhl = bytes[0];
  const headerLength = udhl + 1;
  if (headerLength > bytes.length) return null;
  const elements: ParsedUdh["elements"] = [];
  let concat: ConcatInfo | null = null;
  let i = 1;
  while (i + 1 < headerLength) {
    const iei = bytes[i];
    const len = bytes[i + 1];
    const start = i + 2;
    if (start + len > headerLength) return null;
    const data = bytes.subarray(start, start + len);
    elements.push({ iei, data });
    if (iei === IEI_CONCAT_8BIT && len === 3) {
      concat = { reference: data[0], total: data[1], sequence: data[2], referenceBits: 8 };
    } else if (iei === IEI_CONCAT_16BIT && len === 4) {
      concat = { reference: (data[0] << 8) | data[1], total: data[2], sequence: data[3], referenceBits: 16 };
    }
    i = start + len;
  }
  return { headerLength, elements, concat };
}

/** Concatenation from the SAR TLVs (SMPP v3.4 §5.3.2.22-24), as node-smpp names them; null without all three. */
export function sarConcat(fields: {
  sar_msg_ref_num?: unknown;
  sar_total_segments?: unknown;
  sar_segment_seqnum?: unknown;
}): ConcatInfo | null {
  const { sar_msg_ref_num: ref, sar_total_segments: total, sar_segment_seqnum: seq } = fields;
  if (typeof ref !== "number" || typeof total !== "number" || typeof seq !== "number") return null;
  return { reference: ref, total, sequence: seq, referenceBits: 16 };
}
