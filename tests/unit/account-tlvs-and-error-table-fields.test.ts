import { describe, expect, it } from "vitest";
import { errorKey, presetErrorTable, qualifyError, refusalKey } from "@/lib/accounts/error-table";
import { encodeTlvValue, wireTlvs } from "@/lib/accounts/optional-tlvs";
import { PRESETS } from "@/lib/accounts/presets";
import { parseRoutingAccount } from "@/lib/accounts/schema";

const minimal = { label: "Acme", connection: { host: "smpp.example.com", systemId: "acme" } };
const withSmsc = (smsc: object) => parseRoutingAccount({ ...minimal, smsc });

describe("Adobe's SMSC specifics: invalid id ack count, service id tag, optional TLVs, error table", () => {
  it("defaults: today's unmatched-SR behaviour, no TLV, quarantine on hard errors, a generic error table", () => {
    const r = withSmsc({});
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.smsc).toMatchObject({ invalidIdAckCount: 0, serviceIdTag: "", optionalTlvs: [], quarantineOnHardError: true });
    expect(r.value.smsc.errorTable.length).toBeGreaterThan(5);
  });

  it.each([
    ["smsc.invalidIdAckCount", { invalidIdAckCount: 101 }, "Must be between 0 and 100"],
    ["smsc.serviceIdTag", { serviceIdTag: "0x0005" }, "Vendor tags are 0x1400–0x3FFF (SMPP v3.4 §5.3.2)"],
    ["smsc.serviceIdTag", { serviceIdTag: "zz" }, "A tag in hexadecimal, e.g. 0x1403"],
    [
      "smsc.optionalTlvs.0.tag",
      { optionalTlvs: [{ tag: "0x4000", type: "text", value: "a" }] },
      "Vendor tags are 0x1400–0x3FFF (SMPP v3.4 §5.3.2)",
    ],
    [
      "smsc.optionalTlvs.0.value",
      { optionalTlvs: [{ tag: "0x1400", type: "integer", value: "12a" }] },
      "A whole number from 0 to 4294967295",
    ],
    [
      "smsc.optionalTlvs.0.value",
      { optionalTlvs: [{ tag: "0x1400", type: "integer", value: "4294967296" }] },
      "A whole number from 0 to 4294967295",
    ],
    [
      "smsc.optionalTlvs.0.value",
      { optionalTlvs: [{ tag: "0x1400", type: "hex", value: "ABC" }] },
      "Pairs of hexadecimal digits, e.g. 01A0FF",
    ],
    [
      "smsc.optionalTlvs.0.value",
      { optionalTlvs: [{ tag: "0x1400", type: "text", value: "é" }] },
      "Printable ASCII characters only",
    ],
    [
      "smsc.optionalTlvs.0.type",
      { optionalTlvs: [{ tag: "0x1400", type: "float", value: "1" }] },
      "Must be text, integer or hex",
    ],
    [
      "smsc.optionalTlvs.1.tag",
      {
        optionalTlvs: [
          { tag: "0x1400", value: "a" },
          { tag: "1400", value: "b" },
        ],
      },
      "Tag 0x1400 is already in row 1",
    ],
    [
      "smsc.serviceIdTag",
      { serviceIdTag: "0x1401", optionalTlvs: [{ tag: "0x1401", value: "a" }] },
      "Optional parameter 1 already uses this tag",
    ],
    [
      "smsc.errorTable.0.match",
      { errorTable: [{ match: "UNDELIV 001", type: "hard" }] },
      expect.stringMatching(/^Write it as SR/),
    ],
    ["smsc.errorTable.0.type", { errorTable: [{ match: "SR x UNDELIV 001", type: "fatal" }] }, "Must be soft, hard or ignored"],
  ])("refuses a bad %s", (path, smsc, message) => {
    const r = withSmsc(smsc);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.fields[path]).toEqual(message);
  });

  it("encodes TLV values by type, and a delivery row replaces the account's row of the same tag", () => {
    expect(encodeTlvValue("text", "AB")).toEqual(Uint8Array.from([0x41, 0x42, 0]));
    expect(encodeTlvValue("integer", "7")).toEqual(Uint8Array.from([7]));
    expect(encodeTlvValue("integer", "300")).toEqual(Uint8Array.from([1, 44]));
    expect(encodeTlvValue("integer", "70000")).toEqual(Uint8Array.from([0, 1, 0x11, 0x70]));
    expect(encodeTlvValue("hex", "0x01 a0ff")).toEqual(Uint8Array.from([1, 0xa0, 0xff]));
    const tlvs = wireTlvs({
      account: [
        { tag: "0x1400", type: "text", value: "acct" },
        { tag: "0x1401", type: "integer", value: "1" },
      ],
      delivery: [{ tag: "1401", type: "integer", value: "2" }],
      serviceIdTag: "0x1500",
      serviceId: "PROG7",
    });
    expect(tlvs.map((t) => [t.tag, [...t.value]])).toEqual([
      [0x1400, [0x61, 0x63, 0x63, 0x74, 0]],
      [0x1401, [2]],
      [0x1500, [0x50, 0x52, 0x4f, 0x47, 0x37, 0]],
    ]);
  });

  it("qualifies errors by the first matching row; numbers compare as numbers; unknown is soft", () => {
    const table = [
      { match: "SR 8x8 UNDELIV 015", type: "hard" as const, reason: "Invalid destination" },
      { match: "SR * * 0x0000000B", type: "hard" as const, reason: "Refused destination" },
      { match: "SR * UNDELIV *", type: "soft" as const, reason: "Undeliverable" },
    ];
    expect(errorKey("8x8", "UNDELIV", "15")).toBe("SR 8x8 UNDELIV 15");
    expect(qualifyError(table, errorKey("8x8", "UNDELIV", "15"))).toMatchObject({ type: "hard", row: 0 });
    expect(qualifyError(table, errorKey("8x8", "undeliv", "001"))).toMatchObject({ type: "soft", row: 2 });
    expect(qualifyError(table, refusalKey("8x8", "ESME_RINVDSTADR", 0x0b))).toMatchObject({ type: "hard", row: 1 });
    expect(refusalKey("My SMSC", "ESME_RINVDSTADR", 0x0b)).toBe("SR My SMSC ESME_RINVDSTADR 0x0000000B");
    expect(qualifyError(table, errorKey("8x8", "EXPIRED", null))).toMatchObject({ type: "soft", row: null });
  });

  it("the 8x8 preset carries 8x8's error codes 0–52 and the SMPP refusals, and it validates", () => {
    const rows = presetErrorTable("8x8", "*");
    for (let code = 0; code <= 52; code++) {
      expect(
        rows.some((r) => r.match === `SR * * ${String(code).padStart(3, "0")}`),
        `code ${code}`,
      ).toBe(true);
    }
    expect(qualifyError(rows, errorKey("8x8", "UNDELIV", "015"))).toMatchObject({
      type: "hard",
      reason: "8x8 15: Invalid destination",
    });
    expect(qualifyError(rows, errorKey("8x8", "UNDELIV", "001"))).toMatchObject({ type: "soft" });
    expect(qualifyError(rows, errorKey("8x8", "REJECTD", "000"))).toMatchObject({ type: "hard" });
    expect(qualifyError(rows, refusalKey("8x8", "ESME_RINVDSTADR", 0x0b))).toMatchObject({ type: "hard" });
    const r = parseRoutingAccount({
      ...minimal,
      ...PRESETS["8x8"].values,
      label: "e",
      connection: { ...PRESETS["8x8"].values.connection, systemId: "me" },
    });
    expect(r.ok && r.value.smsc.errorTable).toEqual(rows);
  });
});
