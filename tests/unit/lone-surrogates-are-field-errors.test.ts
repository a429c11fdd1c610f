import { describe, expect, it } from "vitest";
import { parseRoutingAccount } from "@/lib/accounts/schema";
import { illFormedTextPath } from "@/lib/well-formed-text";

describe("lone UTF-16 surrogates", () => {
  it("are found by the dotted path of their field, in keys and arrays too", () => {
    expect(illFormedTextPath({ a: "ok 😀", b: ["x", { c: "y\ud83d" }] })).toBe("b.1.c");
    expect(illFormedTextPath({ ["k\udc00"]: 1 })).toBe("k\ufffd");
    expect(illFormedTextPath("\udfff")).toBe("_");
    expect(illFormedTextPath({ a: "😀", n: 1, z: null })).toBeNull();
  });

  it("survive a body nested 100,000 deep without overflowing the stack", () => {
    const deep = JSON.parse("[".repeat(100_000) + '"\\ud800"' + "]".repeat(100_000));
    expect(illFormedTextPath(deep)).toMatch(/^0(\.0)+$/);
  });

  it("are a field error of the account schema (the form's server action and the CLI use it)", () => {
    const r = parseRoutingAccount({
      label: "Paris",
      connection: { host: "127.0.0.1", port: 2775, systemId: "sys\ud800" },
    });
    expect(r).toEqual({ ok: false, fields: { "connection.systemId": expect.stringMatching(/lone UTF-16 surrogate/) } });
  });
});
