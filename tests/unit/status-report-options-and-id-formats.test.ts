import { describe, expect, it } from "vitest";
import { smscSchema } from "@/lib/accounts/schema";
import { normaliseMessageId, parseStatusReport, tryCompileSrParser } from "@/lib/smpp/codec/status-report";

const settings = (o: Record<string, unknown> = {}) => smscSchema.parse(o);

describe("normaliseMessageId", () => {
  it("asIs keeps the id (trailing NULs of a C-Octet string dropped)", () => {
    expect(normaliseMessageId("00AbC ", "asIs")).toBe("00AbC ");
    expect(normaliseMessageId("abc\0", "asIs")).toBe("abc");
  });
  it("decimal trims spaces and leading zeros", () => {
    expect(normaliseMessageId(" 000123 ", "decimal")).toBe("123");
    expect(normaliseMessageId("0000", "decimal")).toBe("0");
  });
  it("hexNumber reads hex and compares as decimal, any length", () => {
    expect(normaliseMessageId("1A", "hexNumber")).toBe("26");
    expect(normaliseMessageId("0x00ff", "hexNumber")).toBe("255");
    expect(normaliseMessageId("FFFFFFFFFFFFFFFFFF", "hexNumber")).toBe("4722366482869645213695");
  });
  it("hexString reads hex pairs as characters", () => {
    expect(normaliseMessageId("414243", "hexString")).toBe("ABC");
  });
  it("an id that does not fit its format comes back trimmed", () => {
    expect(normaliseMessageId(" xyz ", "hexNumber")).toBe("xyz");
    expect(normaliseMessageId("4142F", "hexString")).toBe("4142F");
  });
  it("an MT id in hex matches its SR id in decimal", () => {
    expect(normaliseMessageId("3E8", "hexNumber")).toBe(normaliseMessageId("0000001000", "decimal"));
  });
});

describe("parseStatusReport", () => {
  it("normalises the extracted id with srIdFormat", () => {
    const r = parseStatusReport("id:0000001A stat:DELIVRD err:000", null, settings({ srIdFormat: "hexNumber" }));
    expect(r).toMatchObject({ id: "26", rawId: "0000001A", verdict: "delivered" });
  });

  it("ignores an id written in the text: part unless srIdInTextField", () => {
    const text = "stat:DELIVRD err:000 text:id:999 hello";
    expect(parseStatusReport(text, null, settings()).id).toBeNull();
    expect(parseStatusReport(text, null, settings({ srIdInTextField: true })).id).toBe("999");
  });

  it("strips from text: case-insensitively", () => {
    const r = parseStatusReport("id:1 stat:DELIVRD err:000 TEXT:stat:UNDELIV", null, settings());
    expect(r).toMatchObject({ status: "DELIVRD", verdict: "delivered" });
  });

  it("appends TLVs as ` 0xTAG:VALUE` with srIdInOptionalField, so a regex can read them", () => {
    const s = settings({
      srIdInOptionalField: true,
      srIdRegex: String.raw`0x001E:([A-Za-z0-9]+)`,
      srErrorRegex: String.raw`0x0423:([0-9A-F]+)`,
    });
    const r = parseStatusReport(
      "stat:UNDELIV",
      [
        { tag: 0x001e, value: "ABC123\0" },
        { tag: 0x0423, value: Uint8Array.of(3, 0, 0x22) },
      ],
      s,
    );
    expect(r).toMatchObject({ id: "ABC123", error: "030022", status: "UNDELIV", verdict: "error" });
  });

  it("reads TLVs from a node-smpp PDU object", () => {
    const s = settings({ srIdInOptionalField: true, srIdRegex: String.raw`0x001E:(\w+)` });
    const r = parseStatusReport("stat:DELIVRD", { receipted_message_id: "77aa", message_state: 2, sequence_number: 4 }, s);
    expect(r).toMatchObject({ id: "77aa", verdict: "delivered" });
  });

  it("without srIdInOptionalField, uses receipted_message_id and message_state only when the text has neither", () => {
    const r = parseStatusReport("", { receipted_message_id: "abc", message_state: 5 }, settings());
    expect(r).toMatchObject({ id: "abc", status: "UNDELIVERABLE", verdict: "error" });
    const fromText = parseStatusReport("id:xyz stat:DELIVRD", { receipted_message_id: "abc", message_state: 5 }, settings());
    expect(fromText).toMatchObject({ id: "xyz", status: "DELIVRD" });
  });

  it("a status that matches neither regex is intermediate; so is a receipt without status", () => {
    expect(parseStatusReport("id:1 stat:ENROUTE", null, settings()).verdict).toBe("intermediate");
    expect(parseStatusReport("id:1", null, settings())).toMatchObject({ status: null, verdict: "intermediate" });
  });

  it("uses the account's own success and error regexes", () => {
    const s = settings({ srSuccessRegex: "^(OK|DELIV)", srErrorStatusRegex: "^(KO|FAIL)" });
    expect(parseStatusReport("id:1 stat:OKAY1", null, s).verdict).toBe("delivered");
    expect(parseStatusReport("id:1 stat:FAILED", null, s).verdict).toBe("error");
    expect(parseStatusReport("id:1 stat:UNDELIV", null, s).verdict).toBe("intermediate");
  });

  it("recompiles when the settings object changes", () => {
    const a = settings({ srSuccessRegex: "^DELIV" });
    const b = settings({ srSuccessRegex: "^NOPE" });
    expect(parseStatusReport("id:1 stat:DELIVRD", null, a).verdict).toBe("delivered");
    expect(parseStatusReport("id:1 stat:DELIVRD", null, b).verdict).toBe("intermediate");
  });
});

describe("tryCompileSrParser (SR tester on unsaved values)", () => {
  it("names the field whose regex does not compile", () => {
    expect(tryCompileSrParser({ srStatusRegex: "stat:(" })).toMatchObject({ ok: false, field: "srStatusRegex" });
  });
  it("parses with valid values", () => {
    const r = tryCompileSrParser({ srSuccessRegex: "^DEL" });
    expect(r.ok && r.parse("id:5 stat:DELIVRD").verdict).toBe("delivered");
  });
});
