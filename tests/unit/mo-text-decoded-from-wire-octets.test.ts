import { afterEach, describe, expect, it, vi } from "vitest";
import type { EncodingEntry } from "@/lib/accounts/schema";
import { classifyDeliverSm, joinSegments, type IncomingPdu, type InboundSms } from "@/lib/smpp/incoming";
import { decodePdu, WirePdu } from "@/lib/smpp/wire-pdu";

// What the session hands over for a deliver_sm / data_sm read off the socket: decodePdu keeps short_message and
// message_payload as the octets on the wire, so the account's encoding mapping alone decides the text.

const LATIN1_AT_1_AND_3: EncodingEntry[] = [
  { dataCoding: 0, encoding: "gsm7" },
  { dataCoding: 1, encoding: "latin1" },
  { dataCoding: 3, encoding: "latin1" },
  { dataCoding: 8, encoding: "ucs2" },
];

const base = { source_addr: "33612345678", destination_addr: "38100" };

/** The bytes an SMSC sends (node-smpp writes Buffer message fields unchanged). */
function wire(command: "deliver_sm" | "data_sm", fields: object): Buffer {
  return new WirePdu(command, { sequence_number: 7, ...base, ...fields }).toBuffer();
}

function mo(bytes: Buffer, mapping: EncodingEntry[] | null = LATIN1_AT_1_AND_3): InboundSms {
  const r = classifyDeliverSm(decodePdu(bytes) as IncomingPdu, mapping);
  if (r.kind !== "mo") throw new Error("expected an MO");
  return r;
}

const latin1 = (s: string) => Buffer.from(s, "latin1");
// node-smpp's message filter (its own charset guess), to check it never runs on an MO.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const nodeSmppFilters = (require("smpp/lib/defs") as { filters: { message: { decode: (value: unknown) => unknown } } }).filters;
const ucs2 = (s: string) => Buffer.from(s, "utf16le").swap16();

describe("MO text from the octets on the wire", () => {
  it.each([1, 3])("reads “café crème” sent as Latin-1 with data_coding %i mapped to latin1", (dc) => {
    const bytes = wire("deliver_sm", { data_coding: dc, short_message: latin1("café crème") });
    expect(mo(bytes).text).toBe("café crème");
    expect(mo(bytes).encoding).toBe("latin1");
  });

  it("node-smpp's own decoding is what lost the accents (data_coding 1 read as GSM 03.38)", () => {
    const bytes = wire("deliver_sm", { data_coding: 1, short_message: latin1("café crème") });
    const decodedByNodeSmpp = new WirePdu(bytes) as unknown as IncomingPdu;
    expect((decodedByNodeSmpp.short_message as { message: string }).message).toBe("caf  cr me");
    expect(Buffer.from(decodePdu(bytes).short_message as Buffer).toString("hex")).toBe(latin1("café crème").toString("hex"));
  });

  it("reads data_coding 1 as ASCII when the account maps it so (or by default)", () => {
    const bytes = wire("deliver_sm", { data_coding: 1, short_message: latin1("plain {text} ~ 100%") });
    expect(mo(bytes, [{ dataCoding: 1, encoding: "ascii" }]).text).toBe("plain {text} ~ 100%");
    expect(mo(bytes, null).text).toBe("plain {text} ~ 100%");
  });

  it("reads GSM 03.38 septets, the extension table (ESC) included", () => {
    // "5€ [x] {y} ^~|\" then "@£$" in GSM: € = 1B 65, [ = 1B 3C, ] = 1B 3E, { = 1B 28, } = 1B 29, ^ = 1B 14, ~ = 1B 3D,
    // | = 1B 40, \ = 1B 2F; @ = 00, £ = 01, $ = 02.
    const septets = Buffer.from("351b6520" + "1b3c781b3e20" + "1b28791b2920" + "1b141b3d1b401b2f" + "000102", "hex");
    expect(mo(wire("deliver_sm", { data_coding: 0, short_message: septets })).text).toBe("5€ [x] {y} ^~|\\@£$");
  });

  it("reads UCS-2 with surrogate pairs, also when a pair is split across two concatenated parts", () => {
    const text = "Salut 😀 👍🏽";
    expect(mo(wire("deliver_sm", { data_coding: 8, short_message: ucs2(text) })).text).toBe(text);
    // Part 1 ends with the high surrogate of 😀, part 2 starts with its low surrogate.
    const all = ucs2(text);
    const cut = 14; // "Salut " = 12 octets, then D83D
    const udh = (seq: number) => Buffer.from([0x05, 0x00, 0x03, 0x42, 2, seq]);
    const parts = [all.subarray(0, cut), all.subarray(cut)].map((chunk, i) =>
      mo(wire("deliver_sm", { data_coding: 8, esm_class: 0x40, short_message: Buffer.concat([udh(i + 1), chunk]) })),
    );
    expect(parts.map((p) => p.concat)).toEqual([
      { reference: 0x42, total: 2, sequence: 1, referenceBits: 8 },
      { reference: 0x42, total: 2, sequence: 2, referenceBits: 8 },
    ]);
    expect(joinSegments(parts)).toBe(text);
  });

  it("joins concatenated Latin-1 parts (data_coding 1, 8- and 16-bit UDH) without losing a character", () => {
    const text = "Crème brûlée à volonté, s'il vous plaît ! Où est la forêt ? Ça déçoit. ".repeat(3);
    const octets = latin1(text);
    for (const udh of [
      (seq: number) => [0x05, 0x00, 0x03, 0x11, 2, seq],
      (seq: number) => [0x06, 0x08, 0x04, 0x01, 0x11, 2, seq],
    ]) {
      const half = Math.ceil(octets.length / 2);
      const parts = [octets.subarray(0, half), octets.subarray(half)].map((chunk, i) =>
        mo(
          wire("deliver_sm", { data_coding: 1, esm_class: 0x40, short_message: Buffer.concat([Buffer.from(udh(i + 1)), chunk]) }),
        ),
      );
      expect(joinSegments(parts.reverse())).toBe(text);
    }
  });

  it("joins SAR parts and reads message_payload of a data_sm from its octets", () => {
    const sar = (seq: number, s: string) =>
      mo(
        wire("deliver_sm", {
          data_coding: 3,
          short_message: latin1(s),
          sar_msg_ref_num: 9,
          sar_total_segments: 2,
          sar_segment_seqnum: seq,
        }),
      );
    expect(joinSegments([sar(2, " à Zürich"), sar(1, "Noël")])).toBe("Noël à Zürich");
    const payload = latin1("Noël à Zürich ".repeat(30));
    expect(mo(wire("data_sm", { data_coding: 1, message_payload: payload })).text).toBe("Noël à Zürich ".repeat(30));
    expect(mo(wire("deliver_sm", { data_coding: 1, short_message: Buffer.alloc(0), message_payload: payload })).text).toBe(
      "Noël à Zürich ".repeat(30),
    );
  });

  it("every data_coding follows the account's mapping (here 0xF4 and 0x11 mean Latin-1 and 8 means UCS-2)", () => {
    const mapping: EncodingEntry[] = [
      { dataCoding: 0xf4, encoding: "latin1" },
      { dataCoding: 0x11, encoding: "latin1" },
      { dataCoding: 8, encoding: "ucs2" },
    ];
    expect(mo(wire("deliver_sm", { data_coding: 0xf4, short_message: latin1("déjà") }), mapping).text).toBe("déjà");
    expect(mo(wire("deliver_sm", { data_coding: 0x11, short_message: latin1("déjà") }), mapping).text).toBe("déjà");
    expect(mo(wire("deliver_sm", { data_coding: 8, short_message: ucs2("déjà") }), mapping).text).toBe("déjà");
  });

  it("a status report still reads as one (octets as Latin-1 text, TLVs by name)", () => {
    const r = classifyDeliverSm(
      decodePdu(
        wire("deliver_sm", {
          esm_class: 0x04,
          short_message: latin1("id:0A1B sub:001 dlvrd:001 stat:DELIVRD err:000 text:Crème"),
          receipted_message_id: "0A1B",
        }),
      ) as IncomingPdu,
    );
    expect(r.kind).toBe("receipt");
    expect(r.kind === "receipt" && r.text).toBe("id:0A1B sub:001 dlvrd:001 stat:DELIVRD err:000 text:Crème");
    expect(r.kind === "receipt" && r.receiptedMessageId).toBe("0A1B");
  });

  it("a body cut short leaves short_message undefined, as node-smpp does (the connector answers generic_nack)", () => {
    const whole = wire("deliver_sm", { data_coding: 1, short_message: latin1("café") });
    const cut = Buffer.from(whole.subarray(0, 16 + 4));
    cut.writeUInt32BE(cut.length, 0);
    expect(decodePdu(cut).short_message).toBeUndefined();
    expect(decodePdu(cut).message_payload).toBeUndefined();
  });

  describe("octets read once", () => {
    afterEach(() => {
      vi.restoreAllMocks();
    });

    it("never runs node-smpp's text decoding on a deliver_sm or data_sm, and its other filters as before", () => {
      const decodeText = vi.spyOn(nodeSmppFilters.message, "decode");
      const deliver = wire("deliver_sm", {
        data_coding: 3,
        esm_class: 0x40,
        validity_period: "250102030405000+",
        short_message: Buffer.concat([Buffer.from("0500030a0201", "hex"), latin1("déjà")]),
      });
      const data = wire("data_sm", { data_coding: 8, message_payload: ucs2("Привет") });
      const [d, p] = [decodePdu(deliver), decodePdu(data)];
      // It is called (the fields are left as they are for it), never on the octets.
      expect(decodeText.mock.calls.filter(([value]) => Buffer.isBuffer(value))).toEqual([]);
      expect(Buffer.from(d.short_message as Buffer).toString("hex")).toBe("0500030a0201" + latin1("déjà").toString("hex"));
      expect(Buffer.from(p.message_payload as Buffer).toString("hex")).toBe(ucs2("Привет").toString("hex"));
      // Everything else as node-smpp decodes it (the validity period as a Date).
      const byNodeSmpp = new WirePdu(deliver) as unknown as Record<string, unknown>;
      delete byNodeSmpp.short_message;
      expect(d).toMatchObject(byNodeSmpp);
      expect(d.validity_period).toBeInstanceOf(Date);
      expect(mo(deliver).text).toBe("déjà");
      expect(mo(deliver).concat).toMatchObject({ reference: 10, total: 2, sequence: 1 });
    });
  });

  it("leaves other PDUs as node-smpp decodes them", () => {
    const submit = new WirePdu("submit_sm", {
      sequence_number: 1,
      destination_addr: "1",
      data_coding: 3,
      short_message: "café",
    }).toBuffer();
    expect((decodePdu(submit).short_message as { message: string }).message).toBe("café");
  });
});
