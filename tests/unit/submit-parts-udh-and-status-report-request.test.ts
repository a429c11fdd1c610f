import { describe, expect, it } from "vitest";
import { routingAccountSchema, type RoutingAccountInput } from "@/lib/accounts/schema";
import { buildSubmitParts, validityPeriodField } from "@/lib/smpp/submit";

function account(over: { channel?: RoutingAccountInput["channel"]; smsc?: RoutingAccountInput["smsc"] } = {}) {
  return routingAccountSchema.parse({
    label: "Test",
    internalName: "Test",
    connection: { host: "localhost", systemId: "esme" },
    channel: over.channel,
    smsc: over.smsc,
  });
}

const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");

describe("buildSubmitParts", () => {
  it("one GSM part: unpacked septets, data_coding 0, esm_class 0, SR asked", () => {
    const r = buildSubmitParts({
      to: "+33 6 12-34-56-78",
      text: "Hi @€",
      settings: account(),
      registeredDelivery: true,
      reference: 1,
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.parts).toHaveLength(1);
    const p = r.parts[0];
    expect(p).toMatchObject({
      destination_addr: "33612345678",
      data_coding: 0,
      esm_class: 0,
      registered_delivery: 1,
      validity_period: "",
    });
    expect(hex(p.short_message)).toBe("48692000" + "1b65");
    expect(p.message_payload).toBeUndefined();
  });

  it("long text: 6-byte UDH (IEI 0x00, 8-bit reference) on every part, esm_class 0x40, SR on the first part only", () => {
    const text = "x".repeat(153) + "y".repeat(153) + "z".repeat(10);
    const r = buildSubmitParts({ to: "33612345678", text, settings: account(), registeredDelivery: true, reference: 0x1a7 });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.parts).toHaveLength(3);
    r.parts.forEach((p, i) => {
      expect(p.esm_class).toBe(0x40);
      expect(hex(p.short_message.subarray(0, 6))).toBe(`050003a703${(i + 1).toString(16).padStart(2, "0")}`);
      expect(p.registered_delivery).toBe(i === 0 ? 1 : 0);
    });
    expect(r.parts[0].short_message.length).toBe(6 + 153);
    expect(r.parts[2].short_message.subarray(6).toString("latin1")).toBe("z".repeat(10));
  });

  it("no SR asked: registered_delivery 0 everywhere", () => {
    const r = buildSubmitParts({
      to: "33612345678",
      text: "x".repeat(400),
      settings: account(),
      registeredDelivery: false,
      reference: 5,
    });
    expect(r.ok && r.parts.map((p) => p.registered_delivery)).toEqual([0, 0, 0]);
  });

  it("3-part UCS-2 message: UTF-16BE after the UDH, data_coding 8", () => {
    const text = "Привет мир! ".repeat(15); // 180 units
    const r = buildSubmitParts({ to: "33612345678", text, settings: account(), registeredDelivery: true, reference: 9 });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.encoding).toBe("ucs2");
    expect(r.parts.map((p) => p.data_coding)).toEqual([8, 8, 8]);
    expect(r.parts.map((p) => p.short_message.length)).toEqual([6 + 134, 6 + 134, 6 + 92]);
    const joined = Buffer.concat(r.parts.map((p) => p.short_message.subarray(6)));
    expect(joined.swap16().toString("utf16le")).toBe(text);
  });

  it("applies TON/NPI, service type, source number and a relative validity period", () => {
    const settings = account({
      channel: { sourceNumber: "MyBrand", sourceTon: 5, sourceNpi: 0, destinationTon: 1, destinationNpi: 1, serviceType: "smpp" },
    });
    const r = buildSubmitParts({
      to: "+447911123456",
      text: "hello",
      settings,
      registeredDelivery: false,
      reference: 0,
      validityPeriod: 3600,
    });
    expect(r.ok && r.parts[0]).toMatchObject({
      source_addr: "MyBrand",
      source_addr_ton: 5,
      source_addr_npi: 0,
      dest_addr_ton: 1,
      dest_addr_npi: 1,
      destination_addr: "447911123456",
      service_type: "smpp",
      validity_period: "000000010000000R",
    });
    const r2 = buildSubmitParts({
      to: "+447911123456",
      from: "12345",
      text: "hello",
      settings,
      registeredDelivery: false,
      reference: 0,
    });
    expect(r2.ok && r2.parts[0].source_addr).toBe("12345");
  });

  it("sends the number as typed with sendFullPhoneNumber", () => {
    const r = buildSubmitParts({
      to: "+33 6 12 34 56 78",
      text: "x",
      settings: account({ smsc: { sendFullPhoneNumber: true } }),
      registeredDelivery: false,
      reference: 0,
    });
    expect(r.ok && r.destination).toBe("+33 6 12 34 56 78");
  });

  it("refuses an invalid number", () => {
    const r = buildSubmitParts({ to: "call me", text: "x", settings: account(), registeredDelivery: false, reference: 0 });
    expect(r).toMatchObject({ ok: false, code: "invalid_number" });
  });

  it('refuses more than maxParts with "SMS too long" and the counts', () => {
    const r = buildSubmitParts({
      to: "33612345678",
      text: "a".repeat(153 * 2 + 1),
      settings: account({ smsc: { maxParts: 2 } }),
      registeredDelivery: false,
      reference: 0,
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.code).toBe("too_long");
    expect(r.error).toMatch(/^SMS too long/);
    expect(r.count).toMatchObject({ parts: 3, characters: 307 });
  });

  it("message_payload: the whole text in the TLV, empty short_message, SR asked", () => {
    const text = "ж".repeat(500);
    const r = buildSubmitParts({
      to: "33612345678",
      text,
      settings: account({ smsc: { messagePayload: true, maxParts: 1 } }),
      registeredDelivery: true,
      reference: 0,
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.parts).toHaveLength(1);
    expect(r.parts[0]).toMatchObject({ esm_class: 0, registered_delivery: 1, data_coding: 8 });
    expect(r.parts[0].short_message.length).toBe(0);
    expect(r.parts[0].message_payload?.length).toBe(1000);
  });

  it("message_payload on, but a text that fits one SMS stays in short_message", () => {
    const r = buildSubmitParts({
      to: "33612345678",
      text: "short",
      settings: account({ smsc: { messagePayload: true } }),
      registeredDelivery: true,
      reference: 0,
    });
    expect(r.ok && r.parts[0].short_message.toString("latin1")).toBe("short");
    expect(r.ok && r.parts[0].message_payload).toBeUndefined();
  });

  it("uses the mapping's data_coding and the transliterated text", () => {
    const settings = account({
      channel: { transliteration: true },
      smsc: {
        encodings: [
          { dataCoding: 0xf0, encoding: "gsm7" },
          { dataCoding: 8, encoding: "ucs2" },
        ],
      },
    });
    const r = buildSubmitParts({ to: "33612345678", text: "Fête “ok”", settings, registeredDelivery: false, reference: 0 });
    expect(r.ok && r.parts[0].data_coding).toBe(0xf0);
    expect(r.ok && r.text).toBe('Fete "ok"');
  });

  it("gives each message its own reference while reusing the encoded text", () => {
    const settings = account();
    const text = "a".repeat(200);
    const a = buildSubmitParts({ to: "33612345678", text, settings, registeredDelivery: false, reference: 1 });
    const b = buildSubmitParts({ to: "33612345679", text, settings, registeredDelivery: false, reference: 2 });
    expect(a.ok && a.parts[0].short_message[3]).toBe(1);
    expect(b.ok && b.parts[0].short_message[3]).toBe(2);
    expect(a.ok && a.parts[0].short_message[3]).toBe(1);
  });

  it("refuses an empty text", () => {
    expect(
      buildSubmitParts({ to: "33612345678", text: "", settings: account(), registeredDelivery: false, reference: 0 }),
    ).toMatchObject({ ok: false, code: "empty_text" });
  });
});

describe("validity_period", () => {
  it("relative SMPP time from seconds", () => {
    expect(validityPeriodField(90061)).toBe("000001010101000R");
    expect(validityPeriodField(null)).toBe("");
    expect(validityPeriodField("261124120000000+")).toBe("261124120000000+");
  });

  it("absolute UTC SMPP time from a Date (tenths of a second, 00 quarter hours, +)", () => {
    expect(validityPeriodField(new Date("2026-12-02T07:05:09.870Z"))).toBe("261202070509800+");
    expect(validityPeriodField(new Date("2031-01-31T23:59:59.000+02:00"))).toBe("310131215959000+");
  });
});
