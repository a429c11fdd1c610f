import { describe, expect, it } from "vitest";
import { routingAccountSchema } from "@/lib/accounts/schema";
import { buildSubmitParts, type SubmitRequest } from "@/lib/smpp/submit";
import { decodeSubmitSmResp, encodeSubmitSm, fastSubmitSm } from "@/lib/smpp/submit-sm-bytes";
import { decodePdu, encodePdu, WirePdu } from "@/lib/smpp/wire-pdu";
import { TRANSMISSION_MODES } from "@/lib/smpp/codec/transmission-mode";

// The MT hot path writes submit_sm itself (lib/smpp/submit-sm-bytes.ts); every part buildSubmitParts can make must
// come out byte for byte as node-smpp (with encodePdu's vendor TLVs) writes it, which the rest of the suite and
// Kannel / Net::SMPP have proven on the wire.
const base = routingAccountSchema.parse({
  label: "T",
  internalName: "T",
  connection: { host: "localhost", systemId: "esme" },
  channel: { sourceNumber: "1234", sourceTon: 1, sourceNpi: 1, destinationTon: 1, destinationNpi: 1, serviceType: "smpp" },
});

/** node-smpp's bytes for the same fields and sequence number. */
function nodeSmppBytes(fields: object, sequence: number): Buffer {
  const pdu = new WirePdu("submit_sm", fields);
  pdu.sequence_number = sequence;
  return encodePdu(pdu, (fields as { tlvs?: [] }).tlvs);
}

const texts = ["Hi", "@€ and [brackets] ^~", "x".repeat(160), "y".repeat(161), "Привет 😀 ".repeat(18), "a".repeat(1000), ""];
const requests: (Partial<SubmitRequest> & { payload?: boolean })[] = [
  {},
  { registeredDelivery: true },
  { from: "ACME" },
  { from: "33699999999", validityPeriod: 3600 },
  { validityPeriod: new Date(Date.UTC(2026, 11, 24, 18, 30, 0, 500)) },
  ...TRANSMISSION_MODES.map((transmissionMode) => ({ transmissionMode })),
  {
    tlvs: [
      { tag: 0x1401, value: Buffer.from("campaign-42") },
      { tag: 0x1402, value: Uint8Array.of(0, 0, 1, 0) },
    ],
  },
  { payload: true },
  { payload: true, transmissionMode: "flash" as const, tlvs: [{ tag: 0x3fff, value: Uint8Array.of(7) }] },
];

describe("submit_sm written straight into its buffer", () => {
  it("writes the bytes node-smpp writes, for every kind of part", () => {
    let compared = 0;
    for (const text of texts.filter((t) => t !== "")) {
      for (const { payload, ...req } of requests) {
        const settings = payload ? { ...base, smsc: { ...base.smsc, messagePayload: true } } : base;
        const r = buildSubmitParts({
          to: "+33 6 12 34 56 78",
          text,
          settings,
          registeredDelivery: false,
          reference: 0x42,
          ...req,
        });
        if (!r.ok) throw new Error(`${text}: ${r.error}`);
        r.parts.forEach((fields, i) => {
          const fast = fastSubmitSm(fields);
          expect(fast, `part ${i + 1} of ${JSON.stringify(req)} is taken by the fast writer`).not.toBeNull();
          const sequence = 0x10000 + compared;
          expect(encodeSubmitSm(fast!, sequence).toString("hex")).toBe(nodeSmppBytes(fields, sequence).toString("hex"));
          compared++;
        });
      }
    }
    expect(compared).toBeGreaterThan(100);
  });

  it("follows node-smpp's TLV order when message_payload comes before dest_addr_subunit in the fields", () => {
    const r = buildSubmitParts({ to: "33612345678", text: "Hi", settings: base, registeredDelivery: false, reference: 0 });
    if (!r.ok) throw new Error(r.error);
    const { short_message, ...rest } = r.parts[0];
    const fields = { ...rest, short_message, message_payload: Buffer.from("long text"), dest_addr_subunit: 1 };
    expect(encodeSubmitSm(fastSubmitSm(fields)!, 9).toString("hex")).toBe(nodeSmppBytes(fields, 9).toString("hex"));
  });

  it("leaves fields of any other shape to node-smpp", () => {
    const r = buildSubmitParts({ to: "33612345678", text: "Hi", settings: base, registeredDelivery: false, reference: 0 });
    if (!r.ok) throw new Error(r.error);
    const part = r.parts[0];
    expect(fastSubmitSm({ ...part, sar_msg_ref_num: 1 })).toBeNull();
    expect(fastSubmitSm({ ...part, source_addr: "Café" })).toBeNull();
    expect(fastSubmitSm({ ...part, short_message: "text" })).toBeNull();
    expect(fastSubmitSm({ ...part, data_coding: 256 })).toBeNull();
    expect(fastSubmitSm({ ...part, short_message: Buffer.alloc(256) })).toBeNull();
    const noValidity: Record<string, unknown> = { ...part };
    delete noValidity.validity_period;
    expect(fastSubmitSm(noValidity)).toBeNull();
  });
});

describe("submit_sm_resp read straight from its bytes", () => {
  const resp = (status: number, messageId: string | null, extra: Buffer = Buffer.alloc(0)) => {
    const body = messageId === null ? Buffer.alloc(0) : Buffer.concat([Buffer.from(messageId, "latin1"), Buffer.from([0])]);
    const b = Buffer.alloc(16 + body.length + extra.length);
    b.writeUInt32BE(b.length, 0);
    b.writeUInt32BE(0x80000004, 4);
    b.writeUInt32BE(status, 8);
    b.writeUInt32BE(0x1234, 12);
    body.copy(b, 16);
    extra.copy(b, 16 + body.length);
    return b;
  };
  /** What the session reads of a response: node-smpp's decoder and the fast reader must agree on it. */
  const read = (p: { command: string; command_status: number; sequence_number: number; message_id?: unknown }) => ({
    command: p.command,
    command_status: p.command_status,
    sequence_number: p.sequence_number,
    message_id: p.message_id,
  });

  it("gives what node-smpp's decoder gives, for an accepted MT, a refusal without a body, and an id with 8-bit octets", () => {
    for (const bytes of [resp(0, "5f3a9c01"), resp(0, ""), resp(0x45, null), resp(0x58, "x"), resp(0, "id-\u00e9\u00ff")]) {
      const fast = decodeSubmitSmResp(bytes);
      expect(fast).not.toBeNull();
      expect(read(fast!)).toEqual(read(decodePdu(bytes)));
    }
  });

  it("leaves other PDUs and bodies that are not one C-string to node-smpp", () => {
    expect(decodeSubmitSmResp(resp(0, "abc", Buffer.from([0x14, 0x01, 0x00, 0x01, 0x07])))).toBeNull();
    const noNul = resp(0, "abc").subarray(0, 19);
    noNul.writeUInt32BE(19, 0);
    expect(decodeSubmitSmResp(noNul)).toBeNull();
    const deliverSmResp = resp(0, "");
    deliverSmResp.writeUInt32BE(0x80000005, 4);
    expect(decodeSubmitSmResp(deliverSmResp)).toBeNull();
  });
});
