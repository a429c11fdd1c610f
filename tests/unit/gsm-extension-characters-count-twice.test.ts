import { describe, expect, it } from "vitest";
import { countMessage, decodeText, encodeText, gsm7Length } from "@/lib/smpp/codec/encoding";

const defaults = { encodings: null, transliteration: false, messagePayload: false, maxParts: 10 };

describe("GSM 03.38 extension characters", () => {
  it.each(["^", "{", "}", "\\", "[", "~", "]", "|", "€", "\f"])("%j takes two septets (ESC + septet)", (ch) => {
    expect(gsm7Length(ch)).toBe(2);
    const bytes = encodeText(ch, "gsm7");
    expect(bytes.length).toBe(2);
    expect(bytes[0]).toBe(0x1b);
    expect(decodeText(bytes, "gsm7")).toBe(ch);
  });

  it("uses the TS 23.038 extension septets", () => {
    expect([...encodeText("€[]{}", "gsm7")]).toEqual([0x1b, 0x65, 0x1b, 0x3c, 0x1b, 0x3e, 0x1b, 0x28, 0x1b, 0x29]);
  });

  it("basic-table characters take one septet, unpacked one per octet", () => {
    expect([...encodeText("@£$¥èé", "gsm7")]).toEqual([0x00, 0x01, 0x02, 0x03, 0x04, 0x05]);
    expect([...encodeText("¤¡¿à", "gsm7")]).toEqual([0x24, 0x40, 0x60, 0x7f]);
    expect(gsm7Length("Hello")).toBe(5);
  });

  it("counts 80 euro signs as 160 septets: one SMS; 81 need two", () => {
    expect(countMessage("€".repeat(80), defaults)).toMatchObject({
      encoding: "gsm7",
      dataCoding: 0,
      characters: 160,
      parts: 1,
      perPart: 160,
    });
    expect(countMessage("€".repeat(81), defaults)).toMatchObject({ characters: 162, parts: 2, perPart: 153 });
  });

  it("159 plain characters plus one extension character no longer fit in one SMS", () => {
    expect(countMessage("a".repeat(159) + "x", defaults).parts).toBe(1);
    expect(countMessage("a".repeat(159) + "]", defaults)).toMatchObject({ characters: 161, parts: 2 });
  });

  it("never splits ESC from its septet across UDH parts", () => {
    // 152 septets, then '€' (ESC at 153rd septet): the whole '€' moves to part 2.
    const text = "a".repeat(152) + "€" + "b".repeat(10);
    const c = countMessage(text, defaults);
    expect(c.characters).toBe(164);
    expect(c.parts).toBe(2);
  });

  it("decodes an ESC followed by an unknown septet as the basic character", () => {
    expect(decodeText(Uint8Array.of(0x1b, 0x41), "gsm7")).toBe("A");
  });
});
