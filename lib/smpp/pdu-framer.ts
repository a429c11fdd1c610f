/**
 * Cuts a TCP byte stream into whole PDUs by their command_length, with no socket of its own (the shape of
 * node-postgres' pg-protocol `Parser`): the session feeds it each chunk it reads and gets back each PDU's exact
 * bytes, which traces keep and node-smpp decodes. A PDU longer than MAX_PDU_LENGTH is dropped as it arrives, never
 * buffered; an impossible length means the stream is not SMPP (or is broken) and ends the framing.
 */
import { pduLengthVerdict } from "./codec/pdu-length";
import { HEADER_LENGTH } from "./wire-pdu";

export interface FrameSink {
  /** One whole PDU (a view into the chunk: copy it to keep it past the call). */
  frame(bytes: Buffer): void;
  /** The 16-octet header of a PDU refused as too long; its body is skipped. */
  tooLong(header: Buffer): void;
  /** A command_length no PDU can have: nothing after it can be framed. */
  broken(length: number): void;
}

export class PduFramer {
  private rest: Buffer | null = null;
  /** Octets still to drop of a PDU refused as too long. */
  private skip = 0;
  private stopped = false;

  constructor(private readonly sink: FrameSink) {}

  /** No more frames from here on, even from the chunk being framed (the session closed). */
  stop(): void {
    this.stopped = true;
    this.rest = null;
  }

  push(chunk: Buffer): void {
    let buf = chunk;
    if (this.skip > 0) {
      const n = Math.min(this.skip, buf.length);
      this.skip -= n;
      if (n === buf.length) return;
      buf = buf.subarray(n);
    }
    if (this.rest !== null) buf = Buffer.concat([this.rest, buf]);
    this.rest = null;
    let off = 0;
    while (buf.length - off >= HEADER_LENGTH) {
      const length = buf.readUInt32BE(off);
      const verdict = pduLengthVerdict(length);
      if (verdict === "broken") {
        this.sink.broken(length);
        return;
      }
      if (verdict === "too_long") {
        this.sink.tooLong(buf.subarray(off, off + HEADER_LENGTH));
        const skipped = Math.min(length, buf.length - off);
        this.skip = length - skipped;
        off += skipped;
        continue;
      }
      if (buf.length - off < length) break;
      this.sink.frame(buf.subarray(off, off + length));
      off += length;
      if (this.stopped) return;
    }
    if (off < buf.length) this.rest = off === 0 ? buf : buf.subarray(off);
  }
}
