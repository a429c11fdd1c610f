import { describe, expect, it } from "vitest";
import { headerLengthProblem, parseHexDump } from "@/lib/traces/hex-dump";

const ENQUIRE_LINK_RESP = "00000010800000150000000000000007";
const hexOf = (r: ReturnType<typeof parseHexDump>) => (r.ok ? Buffer.from(r.bytes).toString("hex") : r.error);

describe("parseHexDump", () => {
  it("reads plain hex, spaced octets, 0x prefixes, colons and newlines alike", () => {
    for (const input of [
      ENQUIRE_LINK_RESP,
      "00 00 00 10 80 00 00 15 00 00 00 00 00 00 00 07",
      "0x00 0x00 0x00 0x10\n0x80 0x00 0x00 0x15\n0x00,0x00,0x00,0x00, 0x00 0x00 0x00 0x07",
      "00:00:00:10:80:00:00:15:00:00:00:00:00:00:00:07",
      "00000010 80000015\r\n00000000 00000007\n",
      "0x0000001080000015 0x0000000000000007",
    ]) {
      expect(hexOf(parseHexDump(input)), input).toBe(ENQUIRE_LINK_RESP);
    }
  });

  it("reads Wireshark's Copy as Hex Dump: offsets and the ASCII column dropped, hex-looking ASCII included", () => {
    // Wireshark's "Copy as Hex Dump" of a submit_sm (node-smpp's bytes for it), last line padded.
    const dump = [
      "0000  00 00 00 37 00 00 00 04  00 00 00 00 00 00 00 02   ...7............",
      "0010  00 05 00 42 72 61 6e 64  00 01 01 34 34 37 37 30   ...Brand...44770",
      "0020  30 39 30 30 31 32 33 00  00 00 00 00 00 00 00 00   0900123.........",
      "0030  00 05 48 65 6c 6c 6f                               ..Hello",
    ].join("\n");
    expect(hexOf(parseHexDump(dump))).toBe(
      "000000370000000400000000000000020005004272616e64000101343437373030393030313233000000000000000000000548656c6c6f",
    );
    // Copy > "...as Hex Dump" of the packet list: three spaces after the offset, octets single-spaced.
    expect(hexOf(parseHexDump("0000   00 00 00 10 80 00 00 15 00 00 00 00 00 00 00 07   ................"))).toBe(
      ENQUIRE_LINK_RESP,
    );
    // An ASCII column that itself reads as hex ("abcdef…") is not taken for octets.
    expect(hexOf(parseHexDump("0000  61 62 63 64 65 66 61 62  63 64 65 66 61 62 63 64   abcdefabcdefabcd"))).toBe(
      "61626364656661626364656661626364",
    );
  });

  it("says which line of a Wireshark dump is missing", () => {
    const r = parseHexDump("0000   00 00 00 37 00 00 00 04 00 00 00 00 00 00 00 02   ...\n0020   30 39 30 30   0900");
    expect(r).toEqual({ ok: false, error: expect.stringContaining("Line 2 starts at offset 0x0020 but 16 octets") });
  });

  it("refuses what is not hex, an odd number of digits and an empty paste, with a sentence", () => {
    expect(parseHexDump("00 00 zz 10")).toEqual({ ok: false, error: expect.stringContaining('"zz" is not hex') });
    expect(parseHexDump("00 00\n00 1g")).toEqual({ ok: false, error: expect.stringContaining("on line 2") });
    expect(parseHexDump("0000001")).toEqual({ ok: false, error: expect.stringContaining("Odd number of hex digits (7)") });
    expect(parseHexDump("  \n ")).toEqual({ ok: false, error: "Paste a hex dump of one PDU" });
    expect(parseHexDump("00".repeat(70_000))).toEqual({ ok: false, error: expect.stringContaining("at most 65552") });
  });
});

describe("headerLengthProblem", () => {
  const bytes = (hex: string) => Uint8Array.from(Buffer.from(hex, "hex"));
  it("accepts a command_length equal to the dump", () => {
    expect(headerLengthProblem(bytes(ENQUIRE_LINK_RESP))).toBeNull();
  });
  it("names a dump shorter than the header, a truncated body, extra octets and an impossible length", () => {
    expect(headerLengthProblem(bytes("0000001080"))).toContain("Truncated PDU: 5 octets");
    expect(headerLengthProblem(bytes("00000014800000150000000000000007"))).toBe(
      "Truncated PDU: command_length says 20 octets, the dump has 16 (4 missing)",
    );
    expect(headerLengthProblem(bytes(ENQUIRE_LINK_RESP + "0000"))).toContain("(2 after the PDU)");
    expect(headerLengthProblem(bytes("00000008800000150000000000000007"))).toContain("command_length is 8");
  });
});
