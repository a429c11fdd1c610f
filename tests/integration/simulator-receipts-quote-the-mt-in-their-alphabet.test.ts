import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encodeText } from "@/lib/smpp/codec/encoding";
import { openSession, type Pdu, type SmppSession } from "@/lib/smpp/session";
import { startSimulator, type Simulator } from "@/simulator";
import { eventually } from "../support/connector-test-kit";

// What the simulator's receipts and MO look like on the wire to an ESME (found by running Kannel and Net::SMPP
// against it): the receipt's `text:` in the alphabet its data_coding declares, the text of an MT sent in
// message_payload, and the TON/NPI of a short code.
let sim: Simulator;
let session: SmppSession;
const inbound: Pdu[] = [];

beforeAll(async () => {
  sim = await startSimulator({ systemId: "esme", password: "pw", tlsPort: null, controlPort: null });
  session = await openSession({ host: "127.0.0.1", port: sim.port, systemId: "esme", password: "pw", bindTimeoutMs: 5000 });
  session.on("deliver_sm", (pdu) => {
    inbound.push(pdu);
    session.respond(pdu);
  });
});
afterAll(async () => {
  await session?.unbind();
  await sim?.stop();
});

async function next(what: string): Promise<Pdu> {
  return eventually(() => inbound.shift(), 10_000, what);
}

const mt = { source_addr: "Brand", source_addr_ton: 5, destination_addr: "33600000001", dest_addr_ton: 1, dest_addr_npi: 1 };

/** The receipt's short_message: the octets as they came (the session hands deliver_sm's octets over untouched). */
async function receiptFor(fields: object): Promise<{ octets: Buffer; text: string; dataCoding: number }> {
  const resp = await session.submit({ ...mt, registered_delivery: 1, ...fields }, 5000);
  expect(resp.commandStatus).toBe(0);
  const pdu = await next("receipt");
  expect(pdu.receipted_message_id).toBe(resp.messageId);
  const octets = pdu.short_message as Buffer;
  return { octets, text: octets.toString("latin1"), dataCoding: pdu.data_coding as number };
}

/** Octets that mean the same character in GSM 03.38 (unpacked), ASCII and Latin-1. */
const SHARED = /^[ !"#%&'()*+,\-./0-9:;<=>?A-Za-z]*$/;

describe("simulator receipts and MO as an ESME sees them", () => {
  it("quotes a UCS-2 MT in data_coding 0 octets every default alphabet reads alike: no NUL, no split surrogate pair", async () => {
    // "Ā" (U+0100) was written as its low octet, 0x00: a NUL that C-string readers cut the receipt at.
    const text = "Ā “déjà vu” Привет!😀 and more";
    const r = await receiptFor({ data_coding: 8, short_message: Buffer.from(encodeText(text, "ucs2")) });
    expect(r.dataCoding).toBe(0);
    expect(r.octets.includes(0)).toBe(false);
    expect(r.text).toMatch(SHARED);
    // The first 20 characters (the emoji is the 20th, one character though two UTF-16 units), transliterated.
    expect(r.text.endsWith(' text:A "deja vu" ??????!?')).toBe(true);
  });

  it("never cuts a surrogate pair at the 20th character", async () => {
    const r = await receiptFor({ data_coding: 8, short_message: Buffer.from(encodeText("1234567890123456789😀tail", "ucs2")) });
    expect(r.text.endsWith(" text:1234567890123456789?")).toBe(true);
  });

  it("quotes the text of an MT carried in message_payload with sm_length 0", async () => {
    const long = "This text travels in message_payload, short_message is empty";
    const r = await receiptFor({ short_message: Buffer.alloc(0), message_payload: Buffer.from(long, "ascii") });
    expect(r.text.endsWith(` text:${long.slice(0, 20)}`)).toBe(true);
  });

  it("sends an MO to a short code with TON 3 / NPI 0, from an international number with TON 1 / NPI 1", async () => {
    const result = await sim.pushMo({ from: "33612345678", to: "12345", text: "STOP" });
    expect(result.status).toBe(0);
    const mo = await next("MO");
    expect({ ton: mo.dest_addr_ton, npi: mo.dest_addr_npi, to: mo.destination_addr }).toEqual({ ton: 3, npi: 0, to: "12345" });
    expect({ ton: mo.source_addr_ton, npi: mo.source_addr_npi }).toEqual({ ton: 1, npi: 1 });
  });
});
