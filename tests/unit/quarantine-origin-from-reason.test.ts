import { describe, expect, it } from "vitest";
import { srErrorQualifier } from "@/lib/accounts/error-table";
import { quarantineOrigin } from "@/lib/quarantine/origin";

// Issue 13: the Quarantine page says how a number got there when its reason tells.
describe("quarantineOrigin", () => {
  it("names an automatic reply to an MO and a hard SR error, from the reasons their writers make", () => {
    expect(quarantineOrigin('MO "STOP"')).toBe("Automatic reply to an MO");
    const qualify = srErrorQualifier({
      connection: { implementationName: "Generic" },
      smsc: { errorTable: [{ match: "SR Generic UNDELIV *", type: "hard", reason: "unknown subscriber" }] },
    });
    const hard = qualify("UNDELIV", "001");
    expect(hard.quarantine).toBe(true);
    expect(quarantineOrigin(hard.reason)).toBe("Hard error in a status report");
  });

  it("says nothing for a free reason, a soft error or an import", () => {
    expect(quarantineOrigin("asked by phone")).toBeNull();
    expect(quarantineOrigin("SR Generic UNDELIV 001 (soft)")).toBeNull();
    expect(quarantineOrigin("CSV import")).toBeNull();
    expect(quarantineOrigin("")).toBeNull();
  });
});
