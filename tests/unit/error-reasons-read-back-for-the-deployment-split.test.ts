import { describe, expect, it } from "vitest";
import { readQualifiedReason, srErrorQualifier } from "@/lib/accounts/error-table";

// The deployment window groups failed recipients by the reason srErrorQualifier wrote: reading it back must give the
// key and the verdict for every form of that reason, and nothing for reasons of another kind.
describe("readQualifiedReason", () => {
  const qualify = srErrorQualifier({
    connection: { implementationName: "My SMSC" },
    smsc: {
      errorTable: [
        { match: "SR * UNDELIV 015", type: "hard", reason: "Invalid (destination)" },
        { match: "SR * DELETED *", type: "ignored", reason: "" },
      ],
    },
  });

  it("reads the key and the type of each verdict, with an implementation name holding a space", () => {
    expect(readQualifiedReason(qualify("UNDELIV", "015").reason)).toEqual({ key: "SR My SMSC UNDELIV 015", type: "hard" });
    expect(readQualifiedReason(qualify("DELETED", "000").reason)).toEqual({ key: "SR My SMSC DELETED 000", type: "ignored" });
    expect(readQualifiedReason(qualify("EXPIRED", "009").reason)).toEqual({ key: "SR My SMSC EXPIRED 009", type: "new" });
    expect(readQualifiedReason(`${qualify("UNDELIV", "015").reason}: retry 1 of 3`)).toEqual({
      key: "SR My SMSC UNDELIV 015",
      type: "hard",
    });
  });

  it("gives null for reasons the table did not write", () => {
    for (const r of [null, "", "No submit_sm_resp after 10 attempts: closed", "ESME_RINVDSTADR (0x0000000B)", "SR UNDELIV err:1"])
      expect(readQualifiedReason(r)).toBeNull();
  });
});
