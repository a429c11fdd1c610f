import { describe, expect, it } from "vitest";
import { smscSchema } from "@/lib/accounts/schema";
import {
  classifyDeliverSm,
  decodeShortMessage,
  encodingForDataCoding,
  joinSegments,
  messageOctets,
  type IncomingPdu,
  type InboundSms,
} from "@/lib/smpp/incoming";
import { parseStatusReport } from "@/lib/smpp/codec/status-report";
// node-smpp has no types; going through its PDU class gives the objects the session hands over.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { PDU } = require("smpp/lib/pdu") as {
  PDU: new (command: string | Buffer, options?: object) => { toBuffer(): Buffer } & IncomingPdu;
};

/** Encodes a PDU with node-smpp and decodes it back, as it arrives from a socket. */
function received(command: "deliver_sm" | "data_sm", fields: object): IncomingPdu {
  const wire = new PDU(command, { sequence_number: 1, ...fields }).toBuffer();
  return new PDU(wire) as IncomingPdu;
}

const base = { source_addr: "33612345678", destination_addr: "38100", data_coding: 0 };

describe("classifyDeliverSm", () => {
  it("esm_class 0x04 is a status report, read with the account's SR settings", () => {
    const text = "id:1A2B sub:001 dlvrd:001 submit date:2611241200 done date:2611241201 stat:DELIVRD err:000 text:Hi_there";
    const pdu = received("deliver_sm", { ...base, esm_class: 0x04, short_message: Buffer.from(text, "latin1") });
    const r = classifyDeliverSm(pdu);
    expect(r.kind).toBe("receipt");
    if (r.kind !== "receipt") return;
    expect(r.text).toBe(text);
    expect(parseStatusReport(r.text, r.tlvs, smscSchema.parse({}))).toMatchObject({ id: "1A2B", verdict: "delivered" });
  });

  it("with srIdInOptionalField the receipt's TLVs, vendor ones included, are appended by tag", () => {
    const pdu = received("deliver_sm", {
      ...base,
      esm_class: 0x04,
      short_message: Buffer.from("stat:DELIVRD"),
      receipted_message_id: "0A1B",
      message_state: 2,
    });
    // A vendor TLV node-smpp does not know: 0x1401 carrying "42".
    const wire = Buffer.concat([
      new PDU("deliver_sm", {
        ...base,
        esm_class: 0x04,
        short_message: Buffer.from("stat:DELIVRD"),
        receipted_message_id: "0A1B",
      }).toBuffer(),
      Buffer.from([0x14, 0x01, 0x00, 0x02, 0x34, 0x32]),
    ]);
    wire.writeUInt32BE(wire.length, 0);
    const withVendor = new PDU(wire) as IncomingPdu;
    const s = smscSchema.parse({
      srIdInOptionalField: true,
      srIdRegex: String.raw`0x001E:(\w+)`,
      srErrorRegex: String.raw`0x1401:(\d+)`,
      srIdFormat: "hexNumber",
    });
    const a = classifyDeliverSm(pdu);
    const b = classifyDeliverSm(withVendor);
    if (a.kind !== "receipt" || b.kind !== "receipt") throw new Error("expected receipts");
    expect(parseStatusReport(a.text, a.tlvs, s)).toMatchObject({ id: "2587", rawId: "0A1B", verdict: "delivered" });
    expect(parseStatusReport(b.text, b.tlvs, s)).toMatchObject({ id: "2587", error: "42" });
  });

  it("esm_class 0x08 and 0x20 are receipts too", () => {
    for (const esm of [0x08, 0x20]) {
      expect(
        classifyDeliverSm(received("deliver_sm", { ...base, esm_class: esm, short_message: Buffer.from("id:1") })).kind,
      ).toBe("receipt");
    }
  });

  it("a receipted_message_id TLV makes a receipt even without the esm_class bit", () => {
    const pdu = received("data_sm", { ...base, esm_class: 0, receipted_message_id: "abc123", message_state: 2 });
    const r = classifyDeliverSm(pdu);
    expect(r).toMatchObject({ kind: "receipt", command: "data_sm", receiptedMessageId: "abc123", messageState: 2 });
    if (r.kind === "receipt")
      expect(parseStatusReport(r.text, r.tlvs, smscSchema.parse({}))).toMatchObject({ id: "abc123", verdict: "delivered" });
  });

  it("no receipt bit: an MO with its text decoded (GSM 03.38 unpacked, data_coding 0)", () => {
    const pdu = received("deliver_sm", {
      ...base,
      esm_class: 0,
      short_message: Buffer.from([0x53, 0x54, 0x4f, 0x50, 0x20, 0x1b, 0x65, 0x00, 0x11]),
    });
    expect(classifyDeliverSm(pdu)).toMatchObject({
      kind: "mo",
      origin: "33612345678",
      destination: "38100",
      encoding: "gsm7",
      dataCoding: 0,
      text: "STOP €@_",
      concat: null,
    });
  });

  it("decodes UCS-2 (8) and Latin-1 (3) MO", () => {
    const ucs2 = received("deliver_sm", {
      ...base,
      data_coding: 8,
      short_message: Buffer.from([0x04, 0x1f, 0xd8, 0x3d, 0xde, 0x00]),
    });
    expect(classifyDeliverSm(ucs2)).toMatchObject({ kind: "mo", encoding: "ucs2", text: "П😀" });
    const latin1 = received("deliver_sm", { ...base, data_coding: 3, short_message: Buffer.from("crème", "latin1") });
    expect(classifyDeliverSm(latin1)).toMatchObject({ kind: "mo", encoding: "latin1", text: "crème" });
  });

  it("the account's mapping decides what a data_coding means (Latin-1 on 0), not node-smpp's guess", () => {
    const pdu = received("deliver_sm", { ...base, data_coding: 0, short_message: Buffer.from("a_b@c", "latin1") });
    expect(classifyDeliverSm(pdu, [{ dataCoding: 0, encoding: "latin1" }])).toMatchObject({ text: "a_b@c", encoding: "latin1" });
    expect(classifyDeliverSm(pdu, null)).toMatchObject({ text: "a§b¡c", encoding: "gsm7" });
  });

  it("reads 8-bit-reference UDH concatenation and strips the UDH", () => {
    const sm = Buffer.concat([Buffer.from([0x05, 0x00, 0x03, 0x2a, 0x02, 0x01]), Buffer.from("Hello ", "latin1")]);
    const pdu = received("deliver_sm", { ...base, esm_class: 0x40, short_message: sm });
    expect(classifyDeliverSm(pdu)).toMatchObject({
      kind: "mo",
      text: "Hello ",
      concat: { reference: 0x2a, total: 2, sequence: 1, referenceBits: 8 },
    });
  });

  it("reads 16-bit-reference UDH concatenation (IEI 0x08) in UCS-2", () => {
    const sm = Buffer.concat([Buffer.from([0x06, 0x08, 0x04, 0x12, 0x34, 0x03, 0x02]), Buffer.from([0x00, 0x41, 0x00, 0x42])]);
    const pdu = received("deliver_sm", { ...base, data_coding: 8, esm_class: 0x40, short_message: sm });
    expect(classifyDeliverSm(pdu)).toMatchObject({
      text: "AB",
      concat: { reference: 0x1234, total: 3, sequence: 2, referenceBits: 16 },
    });
  });

  it("reads SAR TLVs", () => {
    const pdu = received("deliver_sm", {
      ...base,
      short_message: Buffer.from("part two"),
      sar_msg_ref_num: 513,
      sar_total_segments: 2,
      sar_segment_seqnum: 2,
    });
    expect(classifyDeliverSm(pdu)).toMatchObject({ text: "part two", concat: { reference: 513, total: 2, sequence: 2 } });
  });

  it("reads a data_sm MO from message_payload", () => {
    const pdu = received("data_sm", { ...base, data_coding: 8, message_payload: Buffer.from([0x00, 0x48, 0x00, 0x69]) });
    expect(classifyDeliverSm(pdu)).toMatchObject({ kind: "mo", command: "data_sm", text: "Hi" });
  });

  it("reassembles segments in sequence order once all are there", () => {
    const seg = (sequence: number, text: string) => ({
      text,
      concat: { reference: 1, total: 3, sequence, referenceBits: 8 as const },
    });
    const segments: Pick<InboundSms, "text" | "concat">[] = [seg(2, "b"), seg(1, "a")];
    expect(joinSegments(segments)).toBeNull();
    segments.push(seg(3, "c"), seg(2, "b"));
    expect(joinSegments(segments)).toBe("abc");
  });
});

describe("decoding helpers", () => {
  it("standard data_coding values without a mapping", () => {
    expect(encodingForDataCoding(0, null)).toBe("gsm7");
    expect(encodingForDataCoding(1, null)).toBe("ascii");
    expect(encodingForDataCoding(3, null)).toBe("latin1");
    expect(encodingForDataCoding(8, null)).toBe("ucs2");
    expect(encodingForDataCoding(0x18, null)).toBe("ucs2");
    expect(encodingForDataCoding(0xf0, null)).toBe("gsm7");
    expect(encodingForDataCoding(0xf4, null)).toBe("latin1");
  });

  it("decodeShortMessage takes raw octets", () => {
    expect(decodeShortMessage(Uint8Array.of(0x00, 0x1b, 0x3c), 0, null)).toBe("@[");
    expect(decodeShortMessage(Uint8Array.of(0xe9), 0x10 | 0x04, [{ dataCoding: 0x14, encoding: "latin1" }])).toBe("é");
  });

  it("messageOctets gives back the wire octets of a node-smpp decoded message, UDH included", () => {
    const sm = Buffer.concat([Buffer.from([0x05, 0x00, 0x03, 0x01, 0x02, 0x01]), Buffer.from([0x1b, 0x65, 0x00, 0x41])]);
    const pdu = received("deliver_sm", { ...base, esm_class: 0x40, short_message: sm });
    expect(Buffer.from(messageOctets(pdu.short_message, 0)).toString("hex")).toBe(sm.toString("hex"));
  });
});
