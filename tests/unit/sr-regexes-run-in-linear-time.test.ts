import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { smscSchema } from "@/lib/accounts/schema";
import { fieldErrors } from "@/lib/field-errors";
import { compileSrRegex, LINEAR_ENGINE_MESSAGE } from "@/lib/smpp/codec/sr-regex";
import { compileSrParser, DEFAULT_SR_REGEXES, tryCompileSrParser } from "@/lib/smpp/codec/status-report";
import { returnsWithin } from "../support/returns-within";

// Issue 9: `id:((?:a+)+)$` on a receipt whose id is 30 `a` blocked the event loop 8.4 s on a backtracking engine,
// doubling per extra character: 40 `a` is hours. On the linear-time engine the answer comes at once.
const A40 = "a".repeat(40);
const HANG_GUARD_MS = 10_000;
const TAIL = "sub:001 dlvrd:001 submit date:2611261200 done date:2611261201 stat:DELIVRD err:000";

function smscErrors(smsc: Record<string, unknown>): Record<string, string> {
  const r = smscSchema.safeParse(smsc);
  return r.success ? {} : fieldErrors(r.error);
}

describe("SR regexes that would backtrack catastrophically", () => {
  it("are accepted by the account schema: they run on a linear-time engine", () => {
    expect(smscErrors({ srIdRegex: "id:((?:a+)+)$", srSuccessRegex: "(a+)+$", srErrorStatusRegex: "^(x+x+)+y" })).toEqual({});
  });

  it("find the id of a 40-character id at the end of the receipt", () => {
    const parse = compileSrParser({ srIdRegex: "id:((?:a+)+)$" });
    const sr = returnsWithin(HANG_GUARD_MS, () => parse(`${TAIL} id:${A40}`));
    expect(sr).toMatchObject({ id: A40, status: "DELIVRD", error: "000", verdict: "delivered" });
  });

  it("answer 'no id' for a 40-character id that the anchor refuses, instead of hanging", () => {
    const parse = compileSrParser({ srIdRegex: "id:((?:a+)+)$" });
    const sr = returnsWithin(HANG_GUARD_MS, () => parse(`id:${A40} ${TAIL}`));
    expect(sr).toMatchObject({ id: null, rawId: null, status: "DELIVRD", verdict: "delivered" });
  });

  it("apply a success regex (a+)+$ to a 40-character status that it refuses", () => {
    const parse = compileSrParser({ srStatusRegex: String.raw`stat:(\S+)`, srSuccessRegex: "(a+)+$" });
    const refused = returnsWithin(HANG_GUARD_MS, () => parse(`id:1 stat:${A40}! err:000`));
    expect(refused).toMatchObject({ id: "1", status: `${A40}!`, verdict: "intermediate" });
    expect(parse(`id:1 stat:${A40} err:000`).verdict).toBe("delivered");
  });

  it("run the same way in the SR tester (the browser's path)", () => {
    const compiled = tryCompileSrParser({ srIdRegex: "id:((?:a+)+)$", srSuccessRegex: "(a+)+$" });
    if (!compiled.ok) throw new Error(compiled.error);
    expect(returnsWithin(HANG_GUARD_MS, () => compiled.parse(`id:${A40} ${TAIL}`).id)).toBeNull();
  });
});

describe("patterns the linear-time engine cannot run", () => {
  it.each([
    ["lookbehind", String.raw`(?<=id:)(\w+)`],
    ["negative lookbehind", String.raw`(?<!x)id:(\w+)`],
    ["lookahead", String.raw`id:(\w+)(?= sub)`],
    ["negative lookahead", String.raw`id:(?!0)(\w+)`],
    ["numbered backreference", String.raw`id:(\w)\1`],
    ["named backreference", String.raw`id:(?<c>\w)\k<c>`],
  ])("%s is a field error saying why", (_what, srIdRegex) => {
    expect(smscErrors({ srIdRegex })).toEqual({ srIdRegex: LINEAR_ENGINE_MESSAGE });
  });

  it("another syntax RE2 does not read is a field error naming the engine", () => {
    expect(smscErrors({ srSuccessRegex: String.raw`^\u0044ELIV` }).srSuccessRegex).toMatch(
      /^Not supported by the linear-time engine \(RE2\): invalid escape sequence/,
    );
  });

  it("a pattern that is not a regular expression at all keeps its message", () => {
    expect(smscErrors({ srIdRegex: "id:([0-9]+" }).srIdRegex).toMatch(/^Not a valid regular expression/);
  });

  it("the SR tester says which field to fix", () => {
    expect(tryCompileSrParser({ srIdRegex: String.raw`(?<=id:)(\w+)` })).toMatchObject({
      ok: false,
      field: "srIdRegex",
      error: LINEAR_ENGINE_MESSAGE,
    });
  });

  it("a stored pattern saved before the check matches nothing (it never falls back to backtracking)", () => {
    const parse = compileSrParser({ srIdRegex: String.raw`(?<=id:)(\w+)` });
    expect(parse(`id:abc ${TAIL}`)).toMatchObject({ id: null, status: "DELIVRD" });
  });

  it("named groups, which RE2 reads, are accepted", () => {
    expect(smscErrors({ srIdRegex: String.raw`id:(?<id>[0-9a-f]+)` })).toEqual({});
    expect(compileSrParser({ srIdRegex: String.raw`id:(?<id>[0-9a-f]+)` })(`id:12ab ${TAIL}`).id).toBe("12ab");
  });
});

describe("the shipped defaults (run on V8's engine) read the fixture as RE2 does", () => {
  const rows = readFileSync(path.resolve(__dirname, "fixtures/status-reports.tsv"), "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "" && !line.startsWith("#"))
    .map((line) => line.split("\t")[0]);
  // `(?:)` in front changes nothing in the pattern but makes it a non-default one, which runs on RE2.
  const onRe2 = Object.fromEntries(Object.entries(DEFAULT_SR_REGEXES).map(([k, v]) => [k, `(?:)${v}`]));

  it.each(rows)("%s", (text) => {
    expect(compileSrParser(onRe2)(text)).toEqual(compileSrParser({})(text));
  });
});

describe("a pattern without a capture group (typed into the form's SR tester before the field error)", () => {
  it("extracts nothing instead of throwing (the account form crashed on id:[0-9]+)", () => {
    const re = compileSrRegex("id:[0-9]+");
    expect(re.firstGroup("id:123 stat:DELIVRD")).toBeNull();
    expect(re.test("id:123 stat:DELIVRD")).toBe(true);
  });
});
