import { describe, expect, it } from "vitest";
import { fieldColumns, parseRecipientFields, recordFields } from "@/lib/deliveries/recipient-fields";

// Issue 13: the personalisation cells kept with each recipient, as the import writes them and the dispatcher reads them.
describe("recipient fields", () => {
  it("keeps only the named columns, by their place in the header, a missing cell as empty", () => {
    const columns = fieldColumns(["firstName", "code"], ["phone", "code", "note", "firstName"]);
    expect(columns).toEqual([
      { name: "firstName", index: 3 },
      { name: "code", index: 1 },
    ]);
    expect(recordFields(["+33612345678", "A1", "secret"], columns)).toEqual({ firstName: "", code: "A1" });
  });

  it("reads back an object of strings, and nothing from what is not one", () => {
    expect(parseRecipientFields('{"firstName":"Łucja","n":3}')).toEqual({ firstName: "Łucja" });
    expect(parseRecipientFields(null)).toBeNull();
    expect(parseRecipientFields("[1]")).toBeNull();
    expect(parseRecipientFields("{not json")).toBeNull();
  });
});
