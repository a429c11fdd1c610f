import { describe, expect, it } from "vitest";
import { csvHeaderColumns, newDeliverySchema, pickPhoneColumn } from "@/lib/deliveries/schema";

describe("the CSV phone column", () => {
  it("is the one named by the user, whatever its case", () => {
    expect(pickPhoneColumn(["Name", "Mobile"], "mobile")).toEqual({ ok: true, column: "Mobile" });
    expect(pickPhoneColumn(["Name", "Mobile"], "gsm")).toEqual({
      ok: false,
      error: 'No column named "gsm" (columns: Name, Mobile)',
    });
  });

  it("is guessed from a phone-looking name, else the only column, else asked for", () => {
    expect(pickPhoneColumn(["id", "Phone Number", "city"])).toEqual({ ok: true, column: "Phone Number" });
    expect(pickPhoneColumn(["MSISDN"])).toEqual({ ok: true, column: "MSISDN" });
    expect(pickPhoneColumn(["numbers"])).toEqual({ ok: true, column: "numbers" });
    expect(pickPhoneColumn(["a", "b"]).ok).toBe(false);
  });

  it("is listed from the header line with its delimiter (comma, semicolon or tab), BOM and quotes removed", () => {
    expect(csvHeaderColumns("\uFEFFname;mobile;city\r\n")).toEqual(["name", "mobile", "city"]);
    expect(csvHeaderColumns('"name","mobile"')).toEqual(["name", "mobile"]);
    expect(csvHeaderColumns("a\tb")).toEqual(["a", "b"]);
  });
});

describe("the new delivery schema", () => {
  it("requires an account and a text, and caps a listed recipient batch", () => {
    expect(newDeliverySchema.safeParse({ accountId: "", text: "" }).success).toBe(false);
    const ok = newDeliverySchema.parse({ accountId: "a", text: "Hi", from: null, recipients: ["+33611111111"] });
    expect(ok.from).toBe("");
    expect(newDeliverySchema.safeParse({ accountId: "a", text: "Hi", recipients: Array(100_001).fill("1") }).success).toBe(false);
  });
});
