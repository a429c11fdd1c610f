/**
 * The npm `smpp` package's PDU class, typed for our use. The session frames the byte stream itself (to keep the raw
 * bytes of every PDU for traces) and lets node-smpp encode and decode each PDU, so the bytes on the wire are the
 * ones every other user of the package sends and reads. Server-side only (Buffer).
 */

import { MAX_PDU_LENGTH, PDU_HEADER_LENGTH } from "./codec/pdu-length";

/** A decoded PDU: the header plus node-smpp's named fields and TLVs. */
export interface Pdu {
  command: string;
  command_id: number;
  command_length: number;
  command_status: number;
  sequence_number: number;
  [field: string]: unknown;
}

export interface WirePdu extends Pdu {
  toBuffer(): Buffer;
  isResponse(): boolean;
}

export type WirePduClass = {
  new (command: string, fields?: object): WirePdu;
  new (bytes: Buffer): WirePdu;
  maxLength: number;
};

// node-smpp has no type declarations; this is the one place that loads it untyped.
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const WirePdu = (require("smpp") as { PDU: WirePduClass }).PDU;
// node-smpp refuses to decode more than 16 KB; message_payload carries up to 64 KB (see codec/pdu-length.ts, where
// the session's framing refuses what is longer before it is buffered).
WirePdu.maxLength = MAX_PDU_LENGTH;

/** command_id bit that marks a response (SMPP v3.4 §5.1.2). */
export const RESPONSE_BIT = 0x80000000;

/** Header size: command_length, command_id, command_status, sequence_number (SMPP v3.4 §3.2). */
export const HEADER_LENGTH = PDU_HEADER_LENGTH;

type FieldType = { read(buffer: Buffer, offset: number, length?: number): unknown; size(value: unknown): number };
type SmppDefs = {
  commands: Record<string, { params?: Record<string, { type: FieldType }> }>;
  tlvs: Record<string, { id: number }>;
};
// node-smpp's field layouts, to find the message octets exactly where its own decoder reads them.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const defs = require("smpp/lib/defs") as SmppDefs;
const TAG_MESSAGE_PAYLOAD = defs.tlvs.message_payload.id;

/** The first mandatory field of the PDU's command that its decoded body lacks (a body cut short), else null. */
export function missingMandatoryField(pdu: Pdu): string | null {
  for (const key of Object.keys(defs.commands[pdu.command]?.params ?? {})) if (!(key in pdu)) return key;
  return null;
}

/** The requests whose text we decode ourselves (lib/smpp/incoming.ts), from the octets as sent. */
const MESSAGE_CARRIERS = new Set(["deliver_sm", "data_sm"]);

/**
 * Decodes one PDU with node-smpp. For deliver_sm and data_sm, short_message and message_payload are then the
 * octets as they were on the wire (UDH included, a Buffer each): node-smpp would otherwise have decoded them by
 * its own reading of data_coding (1 as GSM 03.38, so Latin-1 "é" became " "), and only the account's encoding
 * mapping knows what this SMSC means. Throws like node-smpp on a body it cannot read.
 */
export function decodePdu(bytes: Buffer): WirePdu {
  const pdu = new WirePdu(bytes);
  if (MESSAGE_CARRIERS.has(pdu.command)) {
    const raw = messageOctetsOnTheWire(bytes, pdu.command);
    // A body cut short keeps node-smpp's undefined (the connector answers generic_nack for it).
    if (pdu.short_message !== undefined && raw.shortMessage) pdu.short_message = raw.shortMessage;
    if (pdu.message_payload !== undefined && raw.messagePayload) pdu.message_payload = raw.messagePayload;
  }
  return pdu;
}

/**
 * Walks the body as node-smpp does (mandatory fields by its layout, then TLVs) and returns copies of the
 * short_message and message_payload octets.
 */
export function messageOctetsOnTheWire(bytes: Buffer, command: string): { shortMessage?: Buffer; messagePayload?: Buffer } {
  const out: { shortMessage?: Buffer; messagePayload?: Buffer } = {};
  const length = Math.min(bytes.readUInt32BE(0), bytes.length);
  const params = defs.commands[command]?.params ?? {};
  let offset = HEADER_LENGTH;
  for (const [key, { type }] of Object.entries(params)) {
    if (offset >= length) return out;
    const value = type.read(bytes, offset);
    if (key === "short_message") out.shortMessage = Buffer.from(value as Buffer);
    offset += type.size(value);
  }
  while (offset + 4 <= length) {
    const tag = bytes.readUInt16BE(offset);
    const size = bytes.readUInt16BE(offset + 2);
    offset += 4;
    if (tag === TAG_MESSAGE_PAYLOAD) out.messagePayload = Buffer.from(bytes.subarray(offset, Math.min(offset + size, length)));
    offset += size;
  }
  return out;
}

/** An optional parameter node-smpp has no name for (a vendor TLV, SMPP v3.4 §5.3.2 0x1400–0x3FFF): tag and octets. */
export type RawTlv = { readonly tag: number; readonly value: Uint8Array };

/**
 * node-smpp writes only the TLVs it has a name for (and decodes the others under their numeric tag as a Buffer,
 * `pdu[5123]`). encodePdu appends `tlvs` after node-smpp's bytes (TLVs may come in any order, §3.2.4), with
 * command_length rewritten, and keys them on `pdu` the way the decoder would, so that traces show them. Without any,
 * node-smpp's own bytes are returned untouched.
 */
export function encodePdu(pdu: WirePdu, tlvs?: readonly RawTlv[]): Buffer {
  const bytes = pdu.toBuffer();
  if (!tlvs || tlvs.length === 0 || pdu.command_status !== 0) return bytes;
  let extra = 0;
  for (const t of tlvs) extra += 4 + t.value.length;
  const out = Buffer.allocUnsafe(bytes.length + extra);
  bytes.copy(out, 0);
  let offset = bytes.length;
  for (const t of tlvs) {
    out.writeUInt16BE(t.tag, offset);
    out.writeUInt16BE(t.value.length, offset + 2);
    out.set(t.value, offset + 4);
    offset += 4 + t.value.length;
    pdu[String(t.tag)] = Buffer.from(t.value);
  }
  out.writeUInt32BE(out.length, 0);
  pdu.command_length = out.length;
  return out;
}
