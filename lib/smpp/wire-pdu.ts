/**
 * The npm `smpp` package's PDU class, typed for our use. The session frames the byte stream itself (to keep the raw
 * bytes of every PDU for traces) and lets node-smpp encode and decode each PDU, so the bytes on the wire are the
 * ones every other user of the package sends and reads. Server-side only (Buffer).
 */

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

/** command_id bit that marks a response (SMPP v3.4 §5.1.2). */
export const RESPONSE_BIT = 0x80000000;

/** Header size: command_length, command_id, command_status, sequence_number (SMPP v3.4 §3.2). */
export const HEADER_LENGTH = 16;
