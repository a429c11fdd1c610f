import { describe, expect, it } from "vitest";
import { smscSchema } from "@/lib/accounts/schema";
import { formatReceiptText } from "@/lib/smpp/codec/receipt-text";
import { parseStatusReport } from "@/lib/smpp/codec/status-report";

describe("formatReceiptText", () => {
  it("writes the SMPP v3.4 Appendix B layout", () => {
    const d = new Date(Date.UTC(2026, 10, 24, 12, 5));
    expect(
      formatReceiptText({
        id: "1A2B",
        stat: "DELIVRD",
        err: 0,
        submitDate: d,
        doneDate: d,
        text: "Hello there, this is longer than twenty",
      }),
    ).toBe(
      "id:1A2B sub:001 dlvrd:001 submit date:2611241205 done date:2611241205 stat:DELIVRD err:000 text:Hello there, this is",
    );
  });

  it.each([
    ["DELIVRD", "delivered"],
    ["UNDELIV", "error"],
    ["EXPIRED", "error"],
    ["REJECTD", "error"],
    ["ENROUTE", "intermediate"],
  ])("%s reads back as %s with the default regexes", (stat, verdict) => {
    const text = formatReceiptText({ id: "00042", stat, err: 11, text: "id:999 stat:DELIVRD" });
    expect(parseStatusReport(text, null, smscSchema.parse({}))).toMatchObject({
      id: "00042",
      status: stat,
      error: "011",
      verdict,
    });
  });
});
