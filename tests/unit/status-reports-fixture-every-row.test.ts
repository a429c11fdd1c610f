import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { smscSchema } from "@/lib/accounts/schema";
import { compileSrParser, parseStatusReport } from "@/lib/smpp/codec/status-report";

// A copy of shared/fixtures/status-reports.tsv kept in the repository, so the test runs in CI too.
const FIXTURE = path.resolve(__dirname, "fixtures/status-reports.tsv");
const SHARED = path.resolve(__dirname, "../../../shared/fixtures/status-reports.tsv");

const rows = readFileSync(FIXTURE, "utf8")
  .split("\n")
  .filter((line) => line.trim() !== "" && !line.startsWith("#"))
  .map((line) => {
    const [text, id, stat, err, verdict] = line.split("\t");
    return { text, id, stat, err, verdict };
  });

const defaults = smscSchema.parse({});

describe("every row of status-reports.tsv with the default regexes", () => {
  it.runIf(existsSync(SHARED))("is the same file as the team's shared fixture", () => {
    expect(readFileSync(FIXTURE, "utf8")).toBe(readFileSync(SHARED, "utf8"));
  });

  it("has rows and every row has five columns", () => {
    expect(rows.length).toBeGreaterThanOrEqual(10);
    for (const r of rows) expect(r.verdict, r.text).toMatch(/^(delivered|error|intermediate)$/);
  });

  it.each(rows)("$stat $id → $verdict", ({ text, id, stat, err, verdict }) => {
    expect(parseStatusReport(text, null, defaults)).toEqual({ id, rawId: id, status: stat, error: err, verdict });
  });

  it("gives the same answers through a compiled parser", () => {
    const parse = compileSrParser(defaults);
    for (const r of rows) expect(parse(r.text).verdict).toBe(r.verdict);
  });
});
