import { describe, expect, it } from "vitest";
import { normalisePhoneNumber, phoneKey } from "@/lib/smpp/codec/phone";

const digitsOnly = { sendFullPhoneNumber: false };
const full = { sendFullPhoneNumber: true };

describe("normalisePhoneNumber", () => {
  it("strips + and separators: +33 6 12-34-56-78 → 33612345678", () => {
    expect(normalisePhoneNumber("+33 6 12-34-56-78", digitsOnly)).toEqual({ ok: true, number: "33612345678" });
    expect(normalisePhoneNumber("(+44) 7911.123.456", digitsOnly)).toEqual({ ok: true, number: "447911123456" });
  });

  it("accepts international digits without +, and the 00 prefix", () => {
    expect(normalisePhoneNumber("33612345678", digitsOnly)).toEqual({ ok: true, number: "33612345678" });
    expect(normalisePhoneNumber("0033612345678", digitsOnly)).toEqual({ ok: true, number: "33612345678" });
  });

  it("keeps the number as typed (trimmed) with sendFullPhoneNumber", () => {
    expect(normalisePhoneNumber("  +33 6 12-34-56-78 ", full)).toEqual({ ok: true, number: "+33 6 12-34-56-78" });
  });

  it.each([
    ["", /required/],
    ["   ", /required/],
    ["+33 6 CALL ME", /digits only/],
    ["33612a45678", /digits only/],
    ["+12", /too short/],
    ["+1234567890123456", /too long/],
    ["+3361", /too short/i],
    ["+999123456789", /country code/],
    ["0612345678", /country code|possible/],
  ])("refuses %j with a clear message", (raw, message) => {
    const r = normalisePhoneNumber(raw, digitsOnly);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(message);
  });
});

describe("phoneKey", () => {
  it("is the same for +3361…, 3361… and 003361…", () => {
    expect(phoneKey("+33 6 12 34 56 78")).toBe("33612345678");
    expect(phoneKey("33612345678")).toBe("33612345678");
    expect(phoneKey("0033612345678")).toBe("33612345678");
  });
});
