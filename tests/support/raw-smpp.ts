// A raw TCP end of an SMPP link for framing tests: it writes any bytes (a PDU longer than any SMPP stack accepts,
// in several writes) and frames what comes back by command_length itself, so nothing of lib/smpp or the simulator
// stands between the test and the wire. PDUs of a sane size are encoded with node-smpp's PDU class.
import net from "node:net";
import { smpp } from "@/simulator/node-smpp";

export type RawFrame = { length: number; commandId: number; status: number; seq: number; body: Buffer };

export const CMD = {
  generic_nack: 0x80000000,
  bind_transceiver: 0x00000009,
  bind_transceiver_resp: 0x80000009,
  submit_sm: 0x00000004,
  submit_sm_resp: 0x80000004,
  deliver_sm: 0x00000005,
  deliver_sm_resp: 0x80000005,
  data_sm: 0x00000103,
  data_sm_resp: 0x80000103,
  enquire_link: 0x00000015,
  enquire_link_resp: 0x80000015,
} as const;

export function pduBytes(command: string, fields: Record<string, unknown>): Buffer {
  return new smpp.PDU(command, fields).toBuffer();
}

/** The header of a PDU announced as `length` octets long (its body is for the caller to send, or not). */
export function header(length: number, commandId: number, seq: number): Buffer {
  const b = Buffer.alloc(16);
  b.writeUInt32BE(length >>> 0, 0);
  b.writeUInt32BE(commandId, 4);
  b.writeUInt32BE(0, 8);
  b.writeUInt32BE(seq, 12);
  return b;
}

export class RawPeer {
  readonly frames: RawFrame[] = [];
  readonly closed: Promise<void>;
  private buf = Buffer.alloc(0);
  private waiters = new Set<() => void>();

  constructor(readonly socket: net.Socket) {
    socket.on("data", (chunk: Buffer) => {
      this.buf = Buffer.concat([this.buf, chunk]);
      while (this.buf.length >= 16 && this.buf.length >= this.buf.readUInt32BE(0)) {
        const length = this.buf.readUInt32BE(0);
        this.frames.push({
          length,
          commandId: this.buf.readUInt32BE(4),
          status: this.buf.readUInt32BE(8),
          seq: this.buf.readUInt32BE(12),
          body: this.buf.subarray(16, length),
        });
        this.buf = this.buf.subarray(length);
      }
      for (const w of this.waiters) w();
    });
    socket.on("error", () => undefined);
    this.closed = new Promise((r) => socket.once("close", () => r()));
  }

  static connect(port: number): Promise<RawPeer> {
    return new Promise((resolve, reject) => {
      const socket = net.connect({ host: "127.0.0.1", port }, () => resolve(new RawPeer(socket)));
      socket.once("error", reject);
    });
  }

  /** Writes `bytes` in `parts` writes, each on its own turn of the event loop (the other end reads them apart). */
  async write(bytes: Buffer, parts = 1): Promise<void> {
    const size = Math.ceil(bytes.length / parts);
    for (let off = 0; off < bytes.length; off += size) {
      await new Promise<void>((r) => this.socket.write(bytes.subarray(off, off + size), () => r()));
      await new Promise((r) => setTimeout(r, 5));
    }
  }

  /** The first frame received with this command_id and sequence number, past or future. */
  next(commandId: number, seq: number, timeoutMs = 10_000): Promise<RawFrame> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const f = this.frames.find((x) => x.commandId === commandId && x.seq === seq);
        if (!f) return false;
        this.waiters.delete(onData);
        clearTimeout(timer);
        resolve(f);
        return true;
      };
      const onData = () => void check();
      const timer = setTimeout(() => {
        this.waiters.delete(onData);
        reject(new Error(`no 0x${commandId.toString(16)} seq ${seq} within ${timeoutMs} ms`));
      }, timeoutMs);
      if (!check()) this.waiters.add(onData);
    });
  }

  end(): void {
    this.socket.destroy();
  }
}
