/**
 * Our PDU length limit (lib/smpp/codec/pdu-length.ts) in front of node-smpp's framing. node-smpp reads each PDU as
 * `socket.read(4)` (command_length) then `socket.read(command_length - 4)`, buffering the whole body first, and on a
 * length over its maximum it throws and stops reading the session for good. Wrapping this socket's `read` (as
 * `captureRawBytes` in session.ts does) lets the simulator read the header first: a PDU longer than MAX_PDU_LENGTH is
 * answered with generic_nack ESME_RINVCMDLEN and its octets are dropped as they arrive, so node-smpp never sees it and
 * the bind stays up; a command_length shorter than the header closes the connection (the stream cannot be re-framed).
 */
import { COMMAND_STATUS } from "@/lib/smpp/codec/command-status";
import { MAX_PDU_LENGTH, PDU_HEADER_LENGTH, pduLengthVerdict } from "@/lib/smpp/codec/pdu-length";
import { smpp, type SmppSession } from "./node-smpp";

// node-smpp decodes at most 16 KB by default; message_payload carries up to 64 KB.
smpp.PDU.maxLength = MAX_PDU_LENGTH;

type ReadableSocket = { read(n?: number): Buffer | null; readableLength: number; destroy(): void };

/** The 12 header octets after command_length, read to check it and handed to node-smpp with the body. */
const AFTER_LENGTH = PDU_HEADER_LENGTH - 4;

export function gatePduLength(session: SmppSession): void {
  const socket = session.socket as unknown as ReadableSocket;
  const read = socket.read.bind(socket);
  let skip = 0;
  let held: Buffer | null = null;

  const nextHeader = (): Buffer | null => {
    for (;;) {
      if (skip > 0) {
        const k = Math.min(skip, socket.readableLength);
        if (k === 0) return null;
        read(k);
        skip -= k;
        if (skip > 0) return null;
      }
      const header = read(PDU_HEADER_LENGTH);
      if (header === null || header.length < PDU_HEADER_LENGTH) return null;
      const length = header.readUInt32BE(0);
      const verdict = pduLengthVerdict(length);
      if (verdict === "ok") {
        held = header.subarray(4);
        return header.subarray(0, 4);
      }
      if (verdict === "broken") {
        socket.destroy();
        return null;
      }
      session.send(
        new smpp.PDU("generic_nack", {
          sequence_number: header.readUInt32BE(12),
          command_status: COMMAND_STATUS.ESME_RINVCMDLEN,
        }),
      );
      skip = length - PDU_HEADER_LENGTH;
    }
  };

  socket.read = (n?: number): Buffer | null => {
    if (held === null) return n === 4 ? nextHeader() : read(n);
    // node-smpp now asks for the body (command_length - 4 octets), 12 of which were read with the header.
    if (n === undefined || n <= AFTER_LENGTH) {
      const out = held;
      held = null;
      return out;
    }
    const rest = read(n - AFTER_LENGTH);
    if (rest === null) return null;
    const out = Buffer.concat([held, rest]);
    held = null;
    return out;
  };
}
