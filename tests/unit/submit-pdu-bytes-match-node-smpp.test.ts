import { describe, expect, it } from "vitest";
import { routingAccountSchema } from "@/lib/accounts/schema";
import { buildSubmitParts } from "@/lib/smpp/submit";
// node-smpp has no types; its PDU class is what the session writes to the socket.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { PDU } = require("smpp/lib/pdu") as { PDU: new (command: string, options: object) => { toBuffer(): Buffer } };

const settings = routingAccountSchema.parse({
  label: "T",
  internalName: "T",
  connection: { host: "localhost", systemId: "esme" },
  channel: { sourceNumber: "1234", sourceTon: 1, sourceNpi: 1, destinationTon: 1, destinationNpi: 1, serviceType: "smpp" },
});

/** Expected submit_sm body, written field by field from SMPP v3.4 §4.4.1. */
function expectedBody(f: { esm: number; rd: number; dc: number; sm: Buffer; tlv?: Buffer }): Buffer {
  const c = (s: string) => Buffer.from(s + "\0", "ascii");
  return Buffer.concat([
    c("smpp"),
    Buffer.from([1, 1]),
    c("1234"),
    Buffer.from([1, 1]),
    c("33612345678"),
    Buffer.from([f.esm, 0, 0]),
    c(""), // schedule_delivery_time
    c(""), // validity_period
    Buffer.from([f.rd, 0, f.dc, 0, f.sm.length]),
    f.sm,
    f.tlv ?? Buffer.alloc(0),
  ]);
}

describe("node-smpp writes our short_message / message_payload octets unchanged", () => {
  it("3-part UCS-2 message, byte by byte", () => {
    const text = "Привет 😀 ".repeat(18);
    const r = buildSubmitParts({ to: "+33612345678", text, settings, registeredDelivery: true, reference: 0x42 });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.parts).toHaveLength(3);
    r.parts.forEach((fields, i) => {
      const wire = new PDU("submit_sm", { ...fields, sequence_number: 7 }).toBuffer();
      const body = expectedBody({ esm: 0x40, rd: i === 0 ? 1 : 0, dc: 8, sm: fields.short_message });
      expect(wire.readUInt32BE(0)).toBe(16 + body.length);
      expect(wire.readUInt32BE(4)).toBe(0x00000004);
      expect(wire.readUInt32BE(12)).toBe(7);
      expect(wire.subarray(16).toString("hex")).toBe(body.toString("hex"));
      expect(
        wire
          .subarray(16 + body.length - fields.short_message.length, 16 + body.length - fields.short_message.length + 6)
          .toString("hex"),
      ).toBe(`0500034203${(i + 1).toString(16).padStart(2, "0")}`);
    });
  });

  it("GSM 03.38 septets with '@' (0x00) and '€' (ESC 0x65) survive", () => {
    const r = buildSubmitParts({ to: "33612345678", text: "@€", settings, registeredDelivery: false, reference: 0 });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const wire = new PDU("submit_sm", r.parts[0]).toBuffer();
    expect(wire.subarray(16).toString("hex")).toBe(
      expectedBody({ esm: 0, rd: 0, dc: 0, sm: Buffer.from([0x00, 0x1b, 0x65]) }).toString("hex"),
    );
  });

  it("message_payload goes as TLV 0x0424 with the whole text", () => {
    const s = { ...settings, smsc: { ...settings.smsc, messagePayload: true } };
    const r = buildSubmitParts({ to: "33612345678", text: "a".repeat(300), settings: s, registeredDelivery: true, reference: 0 });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const wire = new PDU("submit_sm", r.parts[0]).toBuffer();
    const tlv = Buffer.concat([Buffer.from([0x04, 0x24, 0x01, 0x2c]), Buffer.from("a".repeat(300), "latin1")]);
    expect(wire.subarray(16).toString("hex")).toBe(
      expectedBody({ esm: 0, rd: 1, dc: 0, sm: Buffer.alloc(0), tlv }).toString("hex"),
    );
  });
});
