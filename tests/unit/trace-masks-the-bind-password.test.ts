import { describe, expect, it } from "vitest";
import { PASSWORD_MASK, tracePdu } from "@/lib/smpp/trace";
import { WirePdu } from "@/lib/smpp/wire-pdu";

const password = "s3cr3t!";
const hexOf = (s: string) => Buffer.from(s, "ascii").toString("hex");

describe("trace PDUs", () => {
  it("masks the bind password in the fields and the hex, keeping the rest byte for byte", () => {
    const pdu = new WirePdu("bind_transceiver", { system_id: "acme", password, system_type: "", interface_version: 0x34 });
    pdu.sequence_number = 7;
    const bytes = pdu.toBuffer();
    const t = tracePdu({ at: Date.UTC(2026, 0, 2, 3, 4, 5), direction: "out", pdu, bytes });
    expect(t).toMatchObject({
      at: "2026-01-02T03:04:05.000Z",
      direction: "out",
      command: "bind_transceiver",
      sequence: 7,
      status: "ESME_ROK (0x00000000)",
    });
    expect(t.fields.password).toBe(PASSWORD_MASK);
    expect(t.fields.system_id).toBe("acme");
    expect(JSON.stringify(t)).not.toContain(password);
    expect(t.hex).not.toContain(hexOf(password));
    const full = bytes.toString("hex");
    const at = full.indexOf(hexOf(password));
    expect(t.hex).toBe(full.slice(0, at) + PASSWORD_MASK + full.slice(at + hexOf(password).length));
  });

  it("hides the password's length too (an empty one is masked the same way)", () => {
    const pdu = new WirePdu("bind_transmitter", { system_id: "a", password: "" });
    const t = tracePdu({ at: 0, direction: "out", pdu, bytes: pdu.toBuffer() });
    expect(t.hex).toContain(`${hexOf("a")}00${PASSWORD_MASK}00`);
  });

  it("decodes a UDH part of a UCS-2 submit_sm: UDH apart, text, octets, status names for responses", () => {
    const text = Buffer.from("Привет", "utf16le").swap16();
    const sm = Buffer.concat([Buffer.from([5, 0, 3, 0x2a, 2, 1]), text]);
    const pdu = new WirePdu("submit_sm", { destination_addr: "33612345678", esm_class: 0x40, data_coding: 8, short_message: sm });
    const t = tracePdu({ at: 0, direction: "out", pdu, bytes: pdu.toBuffer() });
    expect(t.fields.short_message).toEqual({ text: "Привет", octets: sm.length, udh: "0500032a0201", hex: sm.toString("hex") });

    const resp = new WirePdu(Buffer.from("00000010800000040000005800000003", "hex"));
    expect(tracePdu({ at: 0, direction: "in", pdu: resp, bytes: Buffer.alloc(16) }).status).toBe("ESME_RTHROTTLED (0x00000058)");
  });
});
