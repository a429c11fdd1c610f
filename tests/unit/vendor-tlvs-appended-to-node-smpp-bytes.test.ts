import { describe, expect, it } from "vitest";
import { decodePdu, encodePdu, WirePdu } from "@/lib/smpp/wire-pdu";

// node-smpp writes only the TLVs it names; encodePdu appends vendor TLVs so that node-smpp decodes them back under
// their numeric tag, with command_length covering them.
describe("encodePdu", () => {
  const fields = { destination_addr: "33612345678", short_message: Buffer.from("hi"), dest_addr_subunit: 1 };

  it("returns node-smpp's bytes when there is no vendor TLV", () => {
    expect(encodePdu(new WirePdu("submit_sm", fields))).toEqual(new WirePdu("submit_sm", fields).toBuffer());
  });

  it("appends each vendor TLV after node-smpp's bytes and fixes command_length", () => {
    const plain = new WirePdu("submit_sm", fields).toBuffer();
    const pdu = new WirePdu("submit_sm", fields);
    const bytes = encodePdu(pdu, [
      { tag: 0x1400, value: Uint8Array.from([0x61, 0]) },
      { tag: 0x3fff, value: new Uint8Array(0) },
    ]);
    expect(bytes.length).toBe(plain.length + 6 + 4);
    expect(bytes.readUInt32BE(0)).toBe(bytes.length);
    expect(bytes.subarray(plain.length).toString("hex")).toBe("140000026100" + "3fff0000");
    const back = decodePdu(bytes);
    expect(back.dest_addr_subunit).toBe(1);
    expect(Buffer.from(back["5120"] as Buffer).toString("hex")).toBe("6100");
    expect(Buffer.from(back["16383"] as Buffer).length).toBe(0);
    // The PDU object shows them as the decoder would (for the traces).
    expect(Buffer.from(pdu["5120"] as Buffer).toString("hex")).toBe("6100");
  });
});
