import { describe, expect, it } from "vitest";
import { countMessage, encodeText, partBoundaries } from "@/lib/smpp/codec/encoding";

const defaults = { encodings: null, transliteration: false, messagePayload: false, maxParts: 10 };

describe("UCS-2 surrogate pairs", () => {
  it("count as two units", () => {
    expect(countMessage("😀", defaults)).toMatchObject({ encoding: "ucs2", characters: 2, parts: 1 });
    expect(countMessage("😀".repeat(35), defaults)).toMatchObject({ characters: 70, parts: 1, perPart: 70 });
    expect(countMessage("😀".repeat(35) + "a", defaults)).toMatchObject({ characters: 71, parts: 2, perPart: 67 });
  });

  it("are never split across UDH parts", () => {
    // 66 units then an emoji: the pair would straddle units 67/68, so it moves whole to part 2.
    const text = "ж".repeat(66) + "😀" + "ж".repeat(10);
    const bytes = encodeText(text, "ucs2");
    const ends = partBoundaries(bytes, "ucs2", 134);
    expect(ends[0]).toBe(132);
    for (const end of ends.slice(0, -1)) {
      const high = (bytes[end - 2] << 8) | bytes[end - 1];
      expect(high >= 0xd800 && high <= 0xdbff).toBe(false);
    }
    expect(ends.at(-1)).toBe(bytes.length);
  });

  it("a text of only emoji splits on pair boundaries (33 per part)", () => {
    const bytes = encodeText("😀".repeat(100), "ucs2");
    const ends = partBoundaries(bytes, "ucs2", 134);
    expect(ends).toEqual([132, 264, 396, 400]);
  });
});
