/**
 * "Enable verbose SMPP traces": one PDU as the trace viewer shows it — time, direction, command,
 * sequence, status name, decoded fields and hex — with the bind password masked in both the fields and the hex.
 * Only called when a trace hook is set, so its cost never reaches the submit path otherwise.
 */
import { commandStatusName } from "./codec/command-status";
import { decodeShortMessage, messageOctets, type MessageField } from "./incoming";
import type { PduEvent } from "./session";
import { parseUdh } from "./codec/udh";
import { HEADER_LENGTH, type Pdu } from "./wire-pdu";

export type TraceDirection = "out" | "in";

/** A PDU in a trace (api.md): `{at, direction, command, sequence, status, fields, hex}`. */
export interface TracePdu {
  /** ISO 8601 time. */
  at: string;
  direction: TraceDirection;
  command: string;
  sequence: number;
  /** `ESME_ROK (0x00000000)` */
  status: string;
  fields: Record<string, unknown>;
  /** The PDU's bytes in lower-case hex; password bytes replaced by `******`. */
  hex: string;
}

export const PASSWORD_MASK = "******";

const HEADER_KEYS = new Set(["command", "command_id", "command_length", "command_status", "sequence_number"]);
const MESSAGE_KEYS = new Set(["short_message", "message_payload"]);

/** Formats one PDU of a session's `onPdu` hook. */
export function tracePdu(event: PduEvent): TracePdu {
  const { pdu, bytes } = event;
  return {
    at: new Date(event.at).toISOString(),
    direction: event.direction,
    command: pdu.command,
    sequence: pdu.sequence_number >>> 0,
    status: commandStatusName(pdu.command_status >>> 0),
    fields: traceFields(pdu),
    hex: maskedHex(pdu, bytes),
  };
}

/** The decoded body fields, JSON-ready: texts decoded, octets in hex, dates in ISO, the password masked. */
export function traceFields(pdu: Pdu): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const dataCoding = typeof pdu.data_coding === "number" ? pdu.data_coding : 0;
  const esmClass = typeof pdu.esm_class === "number" ? pdu.esm_class : 0;
  for (const key of Object.keys(pdu)) {
    if (HEADER_KEYS.has(key)) continue;
    const value = pdu[key];
    if (typeof value === "function" || value === undefined) continue;
    if (key === "password") out[key] = PASSWORD_MASK;
    else if (MESSAGE_KEYS.has(key)) out[key] = messageField(value as MessageField, dataCoding, esmClass, key === "short_message");
    else out[key] = plain(value);
  }
  return out;
}

/** short_message / message_payload: the wire octets, the UDH apart, and the text as the data_coding reads. */
function messageField(field: MessageField, dataCoding: number, esmClass: number, mayHaveUdh: boolean) {
  const octets = messageOctets(field, dataCoding);
  let body = octets;
  let udh: string | undefined;
  if (mayHaveUdh && esmClass & 0x40 && octets.length > 0) {
    const parsed = parseUdh(octets);
    if (parsed) {
      udh = hex(octets.subarray(0, parsed.headerLength));
      body = octets.subarray(parsed.headerLength);
    }
  }
  let text: string;
  try {
    text = decodeShortMessage(body, dataCoding, null);
  } catch {
    text = "";
  }
  return udh === undefined
    ? { text, octets: octets.length, hex: hex(octets) }
    : { text, octets: octets.length, udh, hex: hex(octets) };
}

function plain(value: unknown): unknown {
  if (value instanceof Uint8Array) return hex(value);
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? String(value) : value.toISOString();
  if (Array.isArray(value)) return value.map(plain);
  if (value && typeof value === "object") {
    const o: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) o[k] = k === "password" ? PASSWORD_MASK : plain(v);
    return o;
  }
  return value;
}

function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("hex");
}

/**
 * Hex of the PDU with the password C-Octet string masked. bind_* and outbind carry it right after system_id
 * (SMPP v3.4 §4.1, §4.1.7); its length is hidden too.
 */
export function maskedHex(pdu: Pdu, bytes: Uint8Array): string {
  if (!("password" in pdu) || bytes.length <= HEADER_LENGTH) return hex(bytes);
  const systemIdEnd = bytes.indexOf(0, HEADER_LENGTH);
  if (systemIdEnd < 0) return hex(bytes);
  const start = systemIdEnd + 1;
  const end = bytes.indexOf(0, start);
  const stop = end < 0 ? bytes.length : end;
  return hex(bytes.subarray(0, start)) + PASSWORD_MASK + hex(bytes.subarray(stop));
}
