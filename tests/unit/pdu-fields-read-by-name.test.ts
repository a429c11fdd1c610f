import { describe, expect, it } from "vitest";
import { dataCodingName, esmClassName, npiName, tonName } from "@/lib/smpp/codec/field-names";

describe("PDU fields by name (SMPP v3.4 §5.2)", () => {
  it("names every TON and NPI of §5.2.5–6 with its number, and says reserved for the others", () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7].map(tonName)).toEqual([
      "0 unknown",
      "1 international",
      "2 national",
      "3 network specific",
      "4 subscriber number",
      "5 alphanumeric",
      "6 abbreviated",
      "7 reserved",
    ]);
    expect([0, 1, 9, 18, 2].map(npiName)).toEqual([
      "0 unknown",
      "1 ISDN (E.163/E.164)",
      "9 private",
      "18 WAP client id",
      "2 reserved",
    ]);
    expect(tonName(null)).toBeNull();
  });

  it("names data_coding by SMPP's table, then by the GSM coding groups", () => {
    expect(dataCodingName(0)).toBe("0 SMSC default alphabet (GSM 03.38)");
    expect(dataCodingName(8)).toBe("8 UCS-2 (ISO/IEC-10646)");
    expect(dataCodingName(0x10)).toBe("16 (0x10) GSM 03.38, message class 0");
    expect(dataCodingName(0x18)).toBe("24 (0x18) UCS-2, message class 0");
    expect(dataCodingName(0xf5)).toBe("245 (0xF5) 8-bit data, message class 1");
    expect(dataCodingName(0x0f)).toBe("15 (0x0F) reserved");
    expect(dataCodingName(undefined)).toBeNull();
  });

  it("names esm_class by its message type and GSM feature bits", () => {
    expect(esmClassName(0)).toBe("0x00 normal message");
    expect(esmClassName(0x40)).toBe("0x40 normal message, UDH indicator");
    expect(esmClassName(0x04)).toBe("0x04 SMSC delivery receipt");
    expect(esmClassName(0xc0)).toBe("0xC0 normal message, UDH indicator, reply path");
  });
});
