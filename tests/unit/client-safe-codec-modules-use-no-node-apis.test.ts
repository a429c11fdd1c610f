import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// These modules run in the browser (live counter, SR tester, number check): no Buffer, no node: imports, no server-only.
const CLIENT_SAFE = [
  "encoding.ts",
  "gsm7-alphabet.ts",
  "transliteration.ts",
  "status-report.ts",
  "phone.ts",
  "udh.ts",
  "receipt-text.ts",
  "command-status.ts",
  "sr-regex.ts",
];

describe("client-safe lib/smpp modules", () => {
  it.each(CLIENT_SAFE)("%s uses no Node API", (file) => {
    const src = readFileSync(path.resolve(__dirname, "../../lib/smpp/codec", file), "utf8");
    const code = src.replace(/\/\*[\s\S]*?\*\//g, "").replace(/\/\/.*$/gm, "");
    expect(code).not.toMatch(/\bBuffer\b/);
    expect(code).not.toMatch(/from "node:|require\(|from "server-only"|import "server-only"/);
    for (const m of code.matchAll(/from "(\.\/[^"]+)"/g)) {
      expect(CLIENT_SAFE, `${file} imports ${m[1]}`).toContain(`${m[1].slice(2)}.ts`);
    }
  });
});
