import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { spreadsheetSafeCell, spreadsheetSafeCsv } from "@/lib/csv/spreadsheet-safe";

describe("spreadsheet-safe CSV cells (OWASP CSV injection)", () => {
  it.each([
    ['=HYPERLINK("http://x","y")', `'=HYPERLINK("http://x","y")`],
    ["+SUM(A1:A9)", "'+SUM(A1:A9)"],
    ["-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"],
    ["@SUM(1)", "'@SUM(1)"],
    ["\t=1+1", "'\t=1+1"],
    ["\r=1+1", "'\r=1+1"],
    ["+33 6 12 (34)", "'+33 6 12 (34)"],
  ])("prefixes %j with a quote", (cell, safe) => {
    expect(spreadsheetSafeCell(cell)).toBe(safe);
  });

  it.each(["+33612345678", "+44 7700 900123", "-12", "33612345678", "Hello = world", "", "'already"])(
    "leaves %j as it is (a plain number or a text that starts no formula)",
    (cell) => {
      expect(spreadsheetSafeCell(cell)).toBe(cell);
    },
  );

  it("applies to every string cell of the written CSV, numbers and quoting kept", () => {
    const csv = spreadsheetSafeCsv([
      ["=1+1", 7, "+33612345678", 'say "hi", =no'],
      ["@x", null, "a\nb", "-"],
    ]);
    expect(parse(csv)).toEqual([
      ["'=1+1", "7", "+33612345678", 'say "hi", =no'],
      ["'@x", "", "a\nb", "'-"],
    ]);
  });
});
