/**
 * PDUs node-smpp cannot produce, for the "malformed PDU" fault (SMPP v3.4 §2.9: the ESME should answer generic_nack
 * and keep the session). command_length is always right, so the stream's framing survives.
 */
export type MalformedKind = "truncated" | "unknownCommand";

const DELIVER_SM = 0x00000005;
const UNKNOWN_COMMAND = 0x00000666;

export function malformedPdu(kind: MalformedKind, sequence: number): Buffer {
  const body =
    kind === "truncated"
      ? Buffer.concat([
          Buffer.from([0x00, 0x01, 0x01]), // service_type "", source TON/NPI
          Buffer.from("447\0", "ascii"),
          Buffer.from([0x01, 0x01]),
          Buffer.from("1234\0", "ascii"),
          Buffer.from([0, 0, 0, 0, 0, 0, 0, 0, 0, 2]), // … up to sm_length 2
          Buffer.from("hi", "ascii"),
          // A message_state TLV announcing 1 octet that the PDU does not contain: node-smpp's decoder throws on it.
          Buffer.from([0x04, 0x27, 0x00, 0x01]),
        ])
      : Buffer.alloc(0);
  const header = Buffer.alloc(16);
  header.writeUInt32BE(16 + body.length, 0);
  header.writeUInt32BE(kind === "truncated" ? DELIVER_SM : UNKNOWN_COMMAND, 4);
  header.writeUInt32BE(0, 8);
  header.writeUInt32BE(sequence, 12);
  return Buffer.concat([header, body]);
}
