import { describe, expect, it } from "vitest";
import {
  canEncode,
  chooseEncoding,
  countMessage,
  decodeText,
  encodeText,
  unsupportedCharacters,
} from "@/lib/smpp/codec/encoding";
import type { EncodingEntry } from "@/lib/accounts/schema";

describe("encoding choice", () => {
  it("null mapping: GSM 03.38 with data_coding 0 when the text fits", () => {
    expect(chooseEncoding("Hello é à ù ì ò Ç Ø Å Δ Ω ß É ¡ ¿ Ä Ö Ñ Ü §", null, false)).toMatchObject({
      encoding: "gsm7",
      dataCoding: 0,
    });
  });

  it("null mapping: UCS-2 with data_coding 8 otherwise", () => {
    expect(chooseEncoding("Привет", null, false)).toMatchObject({ encoding: "ucs2", dataCoding: 8 });
    expect(chooseEncoding("ê", null, false)).toMatchObject({ encoding: "ucs2", dataCoding: 8 });
    expect(chooseEncoding("emoji 😀", null, false)).toMatchObject({ encoding: "ucs2", dataCoding: 8 });
  });

  it("tries the account's entries top to bottom; the first that can represent the text wins with its data_coding", () => {
    const mapping: EncodingEntry[] = [
      { dataCoding: 1, encoding: "ascii" },
      { dataCoding: 3, encoding: "latin1" },
      { dataCoding: 8, encoding: "ucs2" },
    ];
    expect(chooseEncoding("plain text", mapping, false)).toMatchObject({ encoding: "ascii", dataCoding: 1 });
    expect(chooseEncoding("crème", mapping, false)).toMatchObject({ encoding: "latin1", dataCoding: 3 });
    expect(chooseEncoding("€5", mapping, false)).toMatchObject({ encoding: "ucs2", dataCoding: 8 });
  });

  it("uses the entry's data_coding even when unusual (an SMSC that wants Latin-1 on 0)", () => {
    expect(chooseEncoding("crème", [{ dataCoding: 0, encoding: "latin1" }], false)).toMatchObject({
      encoding: "latin1",
      dataCoding: 0,
    });
  });

  it("returns null when no entry can carry the text, and the counter names the characters", () => {
    const mapping: EncodingEntry[] = [{ dataCoding: 0, encoding: "gsm7" }];
    expect(chooseEncoding("hi 😀", mapping, false)).toBeNull();
    const c = countMessage("hi 😀 😀", { encodings: mapping, transliteration: true, messagePayload: false, maxParts: 10 });
    expect(c).toMatchObject({ encoding: null, dataCoding: null, parts: 0, tooLong: false, unsupported: ["😀"] });
  });

  it("characters of each encoding", () => {
    expect(canEncode("~^|", "ascii")).toBe(true);
    expect(canEncode("é", "ascii")).toBe(false);
    expect(canEncode("ÿ", "latin1")).toBe(true);
    expect(canEncode("€", "latin1")).toBe(false);
    expect(canEncode("€", "gsm7")).toBe(true);
    expect(canEncode("`", "gsm7")).toBe(false);
    expect(unsupportedCharacters("aêbêc€", "gsm7")).toEqual(["ê"]);
  });

  it("round-trips every encoding", () => {
    const samples: [string, "gsm7" | "ascii" | "latin1" | "ucs2"][] = [
      ["@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./09:;<=>?¡AZÄÖÑÜ§¿azäöñüà^{}\\[~]|€\f", "gsm7"],
      ["Hello `~{}` 0x7F\u007f", "ascii"],
      ["Grüße, ÿ ½ é", "latin1"],
      ["日本語 😀 Привет", "ucs2"],
    ];
    for (const [text, enc] of samples) expect(decodeText(encodeText(text, enc), enc)).toBe(text);
  });

  it("UCS-2 is UTF-16BE", () => {
    expect([...encodeText("é😀", "ucs2")]).toEqual([0x00, 0xe9, 0xd8, 0x3d, 0xde, 0x00]);
  });
});

describe("transliteration", () => {
  it("approximates characters outside GSM 03.38 instead of falling back to UCS-2", () => {
    const c = chooseEncoding("Fête – “déjà” ‘vu’ … naïve — ok", null, true);
    expect(c).toMatchObject({ encoding: "gsm7", dataCoding: 0, transliterated: true });
    expect(c?.text).toBe(`Fete - "déjà" 'vu' ... naive - ok`);
  });

  it("keeps characters GSM 03.38 has (é, è, à, Ç)", () => {
    expect(chooseEncoding("éèàÇ", null, true)).toMatchObject({ text: "éèàÇ", transliterated: false });
  });

  it("maps Greek capitals that look Latin onto Latin letters, keeps those GSM has", () => {
    expect(chooseEncoding("ΑΘΗΝΑ ΔΩ", null, true)).toMatchObject({ encoding: "gsm7", text: "AΘHNA ΔΩ" });
  });

  it("is off unless the account allows it", () => {
    expect(chooseEncoding("Fête", null, false)).toMatchObject({ encoding: "ucs2", text: "Fête" });
  });

  it("falls back to UCS-2 with the original text when approximation is not enough", () => {
    expect(chooseEncoding("Fête 😀", null, true)).toMatchObject({ encoding: "ucs2", text: "Fête 😀", transliterated: false });
  });

  it("approximates for ASCII entries too (é → e)", () => {
    expect(chooseEncoding("Café €", [{ dataCoding: 1, encoding: "ascii" }], true)).toMatchObject({
      text: "Cafe EUR",
      dataCoding: 1,
    });
  });

  it("the counter counts the transliterated text", () => {
    const c = countMessage("…", { encodings: null, transliteration: true, messagePayload: false, maxParts: 10 });
    expect(c).toMatchObject({ encoding: "gsm7", characters: 3, transliterated: true });
  });
});
