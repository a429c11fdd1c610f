/**
 * How long a PDU may be, for both ends of our SMPP links (the ESME sessions of lib/smpp and the simulator).
 * Client-safe: plain numbers.
 *
 * message_payload carries up to 64 KB (its TLV length is 16 bits), so a PDU of 64 KB plus the 16-octet header is
 * accepted. A longer one is refused with generic_nack ESME_RINVCMDLEN and its bytes are skipped as they arrive
 * (command_length says how many), never buffered whole: the bind is kept. A command_length shorter than the header
 * cannot be skipped (the next PDU's start is unknown): that stream is broken and the connection is closed.
 */

export const PDU_HEADER_LENGTH = 16;

/** The largest command_length accepted: 65,536 octets of body plus the header. */
export const MAX_PDU_LENGTH = 65_536 + PDU_HEADER_LENGTH;

/** What to do with a PDU announced with `commandLength`. */
export function pduLengthVerdict(commandLength: number): "ok" | "too_long" | "broken" {
  if (commandLength < PDU_HEADER_LENGTH) return "broken";
  return commandLength > MAX_PDU_LENGTH ? "too_long" : "ok";
}
