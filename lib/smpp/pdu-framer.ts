/**
 * Cuts an SMPP byte stream into whole PDUs by their command_length, with no socket of its own (the shape of
 * node-postgres' pg-protocol `Parser`: bytes in, whole messages out). The session feeds it every chunk it reads and
 * gets each PDU's exact bytes back, in order, whether a PDU came split across reads or several came in one read;
 * traces keep those bytes and node-smpp decodes them.
 *
 * A PDU longer than MAX_PDU_LENGTH (codec/pdu-length.ts) is handed over by its 16-octet header only, to be refused,
 * and the rest of its command_length is dropped as it arrives, never buffered. A command_length shorter than the
 * header cannot be skipped (the next PDU's start is unknown): the stream is broken and nothing more is framed.
 *
 * A PDU split across reads is gathered in one buffer of its command_length, so a 64 KB PDU arriving in small reads
 * costs one copy of each octet, not a concatenation per read.
 */
import { PDU_HEADER_LENGTH as HEADER_LENGTH, pduLengthVerdict } from "./codec/pdu-length";

/** Where the framer's output goes. Called synchronously from `push`. */
export interface FrameSink {
  /** One whole PDU. Often a view into the chunk pushed: copy it to keep it past the chunk's life. */
  frame(bytes: Buffer): void;
  /** The 16-octet header of a PDU longer than MAX_PDU_LENGTH; its body is skipped. */
  tooLong(header: Buffer): void;
  /** A command_length no PDU can have: the framer stops. */
  broken(commandLength: number): void;
}

export class PduFramer {
  /**
   * The start of a PDU whose end has not come yet, `filled` octets of it: a 16-octet buffer while its header is
   * incomplete, then one of its command_length.
   */
  private partial: Buffer | null = null;
  private filled = 0;
  /** Octets still to drop of a PDU refused as too long. */
  private skip = 0;
  private stopped = false;

  constructor(private readonly sink: FrameSink) {}

  /** Octets held of a PDU not yet whole. */
  get buffered(): number {
    return this.partial === null ? 0 : this.filled;
  }

  /** No frame from here on, not even from the chunk being framed (the session closed). */
  stop(): void {
    this.stopped = true;
    this.partial = null;
  }

  push(chunk: Buffer): void {
    if (this.stopped) return;
    let off = 0;
    if (this.skip > 0) off = this.drop(chunk, 0);
    if (this.partial !== null) {
      off = this.complete(chunk, off);
      if (this.partial !== null || this.stopped) return;
    }
    while (chunk.length - off >= HEADER_LENGTH) {
      const length = chunk.readUInt32BE(off);
      const verdict = pduLengthVerdict(length);
      if (verdict === "broken") return this.break(length);
      if (verdict === "too_long") {
        this.sink.tooLong(chunk.subarray(off, off + HEADER_LENGTH));
        this.skip = length - HEADER_LENGTH;
        off = this.drop(chunk, off + HEADER_LENGTH);
      } else {
        if (chunk.length - off < length) break;
        this.sink.frame(chunk.subarray(off, off + length));
        off += length;
      }
      if (this.stopped) return;
    }
    if (off < chunk.length) this.keep(chunk, off);
  }

  /** Drops what is left to skip of a refused PDU from `chunk` at `off`; returns the offset after. */
  private drop(chunk: Buffer, off: number): number {
    const n = Math.min(this.skip, chunk.length - off);
    this.skip -= n;
    return off + n;
  }

  /** Keeps the incomplete PDU at the end of `chunk` (from `off`) for the next push. */
  private keep(chunk: Buffer, off: number): void {
    const have = chunk.length - off;
    // Under 16 octets the command_length may be incomplete; past it, the header was checked by push().
    this.partial = Buffer.allocUnsafe(have < HEADER_LENGTH ? HEADER_LENGTH : chunk.readUInt32BE(off));
    chunk.copy(this.partial, 0, off);
    this.filled = have;
  }

  /** Adds the start of `chunk` (from `off`) to the partial PDU, frames it once whole; returns the offset after. */
  private complete(chunk: Buffer, off: number): number {
    let partial = this.partial!;
    if (this.filled < HEADER_LENGTH) {
      off = this.fill(partial, chunk, off);
      if (this.filled < HEADER_LENGTH) return off;
      const length = partial.readUInt32BE(0);
      const verdict = pduLengthVerdict(length);
      if (verdict === "broken") {
        this.break(length);
        return off;
      }
      if (verdict === "too_long") {
        this.partial = null;
        this.sink.tooLong(partial);
        this.skip = length - HEADER_LENGTH;
        return this.drop(chunk, off);
      }
      if (length > HEADER_LENGTH) {
        partial = Buffer.allocUnsafe(length);
        this.partial!.copy(partial, 0, 0, HEADER_LENGTH);
        this.partial = partial;
      }
    }
    off = this.fill(partial, chunk, off);
    if (this.filled === partial.length) {
      this.partial = null;
      this.sink.frame(partial);
    }
    return off;
  }

  /** Copies from `chunk` at `off` into `partial` up to its length; returns the offset after. */
  private fill(partial: Buffer, chunk: Buffer, off: number): number {
    const n = Math.min(partial.length - this.filled, chunk.length - off);
    chunk.copy(partial, this.filled, off, off + n);
    this.filled += n;
    return off + n;
  }

  private break(commandLength: number): void {
    this.stop();
    this.sink.broken(commandLength);
  }
}
