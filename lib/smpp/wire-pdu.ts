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

type SmppDefs = { commands: Record<string, { id: number; params?: Record<string, unknown> }> };
// node-smpp's field layouts (which fields each command has).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const defs = require("smpp/lib/defs") as SmppDefs;

/** The first mandatory field of the PDU's command that its decoded body lacks (a body cut short), else null. */
export function missingMandatoryField(pdu: Pdu): string | null {
  for (const key of Object.keys(defs.commands[pdu.command]?.params ?? {})) if (!(key in pdu)) return key;
  return null;
}

/** node-smpp's last step of decoding, run on every field by its filter (dates, text, callback numbers…). */
type Filter = (this: WirePdu, direction: "decode" | "encode") => void;
const nodeSmppFilter = (WirePdu.prototype as unknown as { _filter: Filter })._filter;

/**
 * A PDU decoded by node-smpp's layout with every filter but the message's: node-smpp's fromBuffer reads
 * short_message and message_payload as octets, then its filter decodes them by its own reading of data_coding (1 as
 * GSM 03.38, so Latin-1 "é" became " "). Here they stay the octets as they were on the wire (UDH included, a copy
 * each), read once, and only the account's encoding mapping decides the text (lib/smpp/incoming.ts).
 */
class OctetsKeptPdu extends WirePdu {
  _filter(direction: "decode" | "encode"): void {
    // Encoding (a copy sent on, in a test) writes Buffers as they are.
    if (direction === "encode") return nodeSmppFilter.call(this, direction);
    const shortMessage = this.short_message;
    const messagePayload = this.message_payload;
    // The message filter leaves what is not a Buffer as it is; the other filters run as usual.
    if (shortMessage !== undefined) this.short_message = null;
    if (messagePayload !== undefined) this.message_payload = null;
    nodeSmppFilter.call(this, direction);
    if (shortMessage !== undefined) this.short_message = Buffer.from(shortMessage as Buffer);
    if (messagePayload !== undefined) this.message_payload = Buffer.from(messagePayload as Buffer);
  }
}

/** The requests whose text we decode ourselves (lib/smpp/incoming.ts), by command_id. */
const MESSAGE_CARRIERS = new Set([defs.commands.deliver_sm.id, defs.commands.data_sm.id]);

/**
 * Decodes one PDU with node-smpp; deliver_sm and data_sm keep short_message and message_payload as the octets on
 * the wire (see OctetsKeptPdu). A body cut short leaves the fields it lacks undefined, as node-smpp does (the
 * connector answers generic_nack for it). Throws like node-smpp on a body it cannot read.
 */
export function decodePdu(bytes: Buffer): WirePdu {
  return MESSAGE_CARRIERS.has(bytes.readUInt32BE(4)) ? new OctetsKeptPdu(bytes) : new WirePdu(bytes);
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
