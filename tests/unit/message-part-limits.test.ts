import { describe, expect, it } from "vitest";
import { countMessage } from "@/lib/smpp/codec/encoding";

const opts = (o: Partial<Parameters<typeof countMessage>[1]> = {}) => ({
  encodings: null,
  transliteration: false,
  messagePayload: false,
  maxParts: 10,
  ...o,
});

describe("single-part and UDH-concatenated limits", () => {
  it("GSM 03.38: 160 septets in one SMS, 153 per part beyond", () => {
    expect(countMessage("a".repeat(160), opts())).toMatchObject({ parts: 1, perPart: 160, characters: 160 });
    expect(countMessage("a".repeat(161), opts())).toMatchObject({ parts: 2, perPart: 153 });
    expect(countMessage("a".repeat(306), opts())).toMatchObject({ parts: 2 });
    expect(countMessage("a".repeat(307), opts())).toMatchObject({ parts: 3 });
  });

  it("UCS-2: 70 units, 67 per part beyond", () => {
    expect(countMessage("ж".repeat(70), opts())).toMatchObject({ encoding: "ucs2", parts: 1, perPart: 70 });
    expect(countMessage("ж".repeat(71), opts())).toMatchObject({ parts: 2, perPart: 67 });
    expect(countMessage("ж".repeat(134), opts())).toMatchObject({ parts: 2 });
    expect(countMessage("ж".repeat(135), opts())).toMatchObject({ parts: 3 });
  });

  it("Latin-1 (8-bit): 140 octets, 134 per part beyond", () => {
    const latin1 = opts({ encodings: [{ dataCoding: 3, encoding: "latin1" }] });
    expect(countMessage("é".repeat(140), latin1)).toMatchObject({ encoding: "latin1", dataCoding: 3, parts: 1, perPart: 140 });
    expect(countMessage("é".repeat(141), latin1)).toMatchObject({ parts: 2, perPart: 134 });
  });

  it("ASCII is 7-bit on the air: 160 / 153", () => {
    const ascii = opts({ encodings: [{ dataCoding: 1, encoding: "ascii" }] });
    expect(countMessage("a".repeat(160), ascii)).toMatchObject({ encoding: "ascii", parts: 1, perPart: 160 });
    expect(countMessage("a".repeat(161), ascii)).toMatchObject({ parts: 2, perPart: 153 });
  });

  it("tooLong when the parts exceed maxParts", () => {
    expect(countMessage("a".repeat(153 * 3), opts({ maxParts: 3 }))).toMatchObject({ parts: 3, tooLong: false });
    expect(countMessage("a".repeat(153 * 3 + 1), opts({ maxParts: 3 }))).toMatchObject({ parts: 4, tooLong: true });
    expect(countMessage("a".repeat(161), opts({ maxParts: 1 }))).toMatchObject({ parts: 2, tooLong: true });
  });

  it("message_payload: one part whatever the length, up to the 64 KB TLV", () => {
    expect(countMessage("a".repeat(5000), opts({ messagePayload: true, maxParts: 1 }))).toMatchObject({
      parts: 1,
      tooLong: false,
      perPart: 65535,
    });
    expect(countMessage("ж".repeat(5000), opts({ messagePayload: true }))).toMatchObject({
      parts: 1,
      characters: 5000,
      perPart: 32767,
    });
    expect(countMessage("a".repeat(65536), opts({ messagePayload: true }))).toMatchObject({ parts: 1, tooLong: true });
  });

  it("an empty text is one (empty) part", () => {
    expect(countMessage("", opts())).toMatchObject({ encoding: "gsm7", characters: 0, parts: 1 });
  });
});
