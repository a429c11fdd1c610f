import { describe, expect, it } from "vitest";
import { MAX_PDU_LENGTH } from "@/lib/smpp/codec/pdu-length";
import { PduFramer } from "@/lib/smpp/pdu-framer";
import { WirePdu } from "@/lib/smpp/wire-pdu";

type Event = { frame: string } | { tooLong: string } | { broken: number };

/** A framer that records what it hands over (frames and headers as hex, copied as the sink asks). */
function recorder() {
  const events: Event[] = [];
  const framer = new PduFramer({
    frame: (bytes) => events.push({ frame: bytes.toString("hex") }),
    tooLong: (header) => events.push({ tooLong: header.toString("hex") }),
    broken: (commandLength) => events.push({ broken: commandLength }),
  });
  return { framer, events };
}

const pdu = (command: string, fields: object) => new WirePdu(command, fields).toBuffer();
const ENQUIRE = pdu("enquire_link", { sequence_number: 7 }); // header only: 16 octets
const DELIVER = pdu("deliver_sm", { sequence_number: 8, source_addr: "33612345678", short_message: "Bonjour" });
const SUBMIT_RESP = pdu("submit_sm_resp", { sequence_number: 9, message_id: "abc123" });
const STREAM = Buffer.concat([DELIVER, ENQUIRE, SUBMIT_RESP]);
const WHOLE: Event[] = [DELIVER, ENQUIRE, SUBMIT_RESP].map((b) => ({ frame: b.toString("hex") }));

function header(length: number, commandId: number, seq: number): Buffer {
  const b = Buffer.alloc(16);
  b.writeUInt32BE(length >>> 0, 0);
  b.writeUInt32BE(commandId, 4);
  b.writeUInt32BE(seq, 12);
  return b;
}

/** Feeds `bytes` cut at each of `cuts` (ascending offsets). */
function feed(framer: PduFramer, bytes: Buffer, cuts: number[]): void {
  let from = 0;
  for (const at of [...cuts, bytes.length]) {
    framer.push(bytes.subarray(from, at));
    from = at;
  }
}

describe("PduFramer", () => {
  it("hands over several PDUs that came in one read, in order", () => {
    const { framer, events } = recorder();
    framer.push(STREAM);
    expect(events).toEqual(WHOLE);
    expect(framer.buffered).toBe(0);
  });

  it("gives the same PDUs wherever the stream is cut, at every byte offset, and in one-octet reads", () => {
    for (let at = 1; at < STREAM.length; at++) {
      const { framer, events } = recorder();
      feed(framer, STREAM, [at]);
      expect(events, `cut at ${at}`).toEqual(WHOLE);
    }
    for (let a = 1; a < STREAM.length; a += 3) {
      for (let b = a + 1; b < STREAM.length; b += 5) {
        const { framer, events } = recorder();
        feed(framer, STREAM, [a, b]);
        expect(events, `cut at ${a} and ${b}`).toEqual(WHOLE);
      }
    }
    const { framer, events } = recorder();
    feed(
      framer,
      STREAM,
      Array.from({ length: STREAM.length - 1 }, (_, i) => i + 1),
    );
    expect(events).toEqual(WHOLE);
  });

  it("holds the start of a PDU until its end comes, and no more than it", () => {
    const { framer, events } = recorder();
    framer.push(DELIVER.subarray(0, 10));
    expect(framer.buffered).toBe(10);
    framer.push(DELIVER.subarray(10, 30));
    expect(framer.buffered).toBe(30);
    expect(events).toEqual([]);
    framer.push(Buffer.concat([DELIVER.subarray(30), ENQUIRE.subarray(0, 3)]));
    expect(events).toEqual([WHOLE[0]]);
    expect(framer.buffered).toBe(3);
  });

  it("frames the largest PDU accepted, 64 KB of body, arriving in 1,000-octet reads", () => {
    const big = Buffer.alloc(MAX_PDU_LENGTH, 0x41);
    header(MAX_PDU_LENGTH, 0x00000103, 5).copy(big);
    const { framer, events } = recorder();
    feed(
      framer,
      big,
      Array.from({ length: Math.floor(big.length / 1000) }, (_, i) => (i + 1) * 1000),
    );
    expect(events).toEqual([{ frame: big.toString("hex") }]);
  });

  it("hands over only the header of a PDU too long, skips its body however it is cut, and frames what follows", () => {
    const length = MAX_PDU_LENGTH + 1;
    const head = header(length, 0x00000004, 42);
    const tooLong = Buffer.concat([head, Buffer.alloc(length - 16, 0x5a)]);
    const stream = Buffer.concat([ENQUIRE, tooLong, DELIVER]);
    const expected: Event[] = [WHOLE[1], { tooLong: head.toString("hex") }, WHOLE[0]];
    // Cut inside the first PDU, inside the long one's header, inside its body, at its end, inside the next PDU.
    const cuts = [5, 16, 20, 31, 32, 40, 1000, 16 + length - 1, 16 + length, 16 + length + 3, stream.length - 1];
    for (const at of cuts) {
      const { framer, events } = recorder();
      feed(framer, stream, [at]);
      expect(events, `cut at ${at}`).toEqual(expected);
    }
    const { framer, events } = recorder();
    feed(framer, stream, [10, 20, 30, 40, 30_000, 16 + length + 1]);
    expect(events).toEqual(expected);
    expect(framer.buffered).toBe(0);
  });

  it("skips a 4 GB command_length as it arrives, without waiting for (or keeping) its body", () => {
    const head = header(0xffffffff, 0x00000004, 3);
    const { framer, events } = recorder();
    framer.push(Buffer.concat([ENQUIRE, head, Buffer.alloc(100_000)]));
    expect(events).toEqual([WHOLE[1], { tooLong: head.toString("hex") }]);
    expect(framer.buffered).toBe(0);
    framer.push(DELIVER);
    expect(events).toHaveLength(2);
  });

  it("stops at a command_length shorter than the header, even when it comes split, and frames nothing after it", () => {
    for (const at of [0, 2, 4, 10]) {
      const bad = header(8, 0x00000015, 1);
      const stream = Buffer.concat([ENQUIRE, bad, DELIVER]);
      const { framer, events } = recorder();
      feed(framer, stream, at === 0 ? [] : [16 + at]);
      framer.push(SUBMIT_RESP);
      expect(events, `cut ${at} into the bad header`).toEqual([WHOLE[1], { broken: 8 }]);
    }
    const { framer, events } = recorder();
    framer.push(header(0, 0, 0));
    expect(events).toEqual([{ broken: 0 }]);
  });

  it("frames nothing more once stopped, not even the rest of the chunk being framed", () => {
    const events: string[] = [];
    const framer: PduFramer = new PduFramer({
      frame: (bytes) => {
        events.push(bytes.toString("hex"));
        framer.stop();
      },
      tooLong: () => undefined,
      broken: () => undefined,
    });
    framer.push(STREAM);
    framer.push(STREAM);
    expect(events).toEqual([DELIVER.toString("hex")]);
  });
});
