import { beforeEach, describe, expect, it } from "vitest";
import { resetSealingKey, seal, unseal } from "@/lib/accounts/sealing";

describe("password sealing (AES-256-GCM)", () => {
  beforeEach(() => {
    process.env.APP_SECRET = "unit-test-secret";
    resetSealingKey();
  });

  it("round-trips and never shows the plain text", () => {
    const sealed = seal("s3cr3t!");
    expect(sealed).not.toContain("s3cr3t!");
    expect(unseal(sealed)).toBe("s3cr3t!");
    expect(seal("s3cr3t!")).not.toBe(sealed); // a new IV each time
  });

  it("refuses a tampered value and another key", () => {
    const sealed = seal("abc");
    const parts = sealed.split(".");
    parts[3] = Buffer.from("xyz").toString("base64url");
    expect(() => unseal(parts.join("."))).toThrow();
    process.env.APP_SECRET = "another-secret";
    resetSealingKey();
    expect(() => unseal(sealed)).toThrow();
  });
});
