import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { COMMAND_STATUS } from "@/lib/smpp/codec/command-status";
import { classifyDeliverSm, joinSegments, type IncomingPdu, type InboundSms } from "@/lib/smpp/incoming";
import { startSimulator, type Simulator } from "@/simulator";
import { connectBare, type BareClient } from "@/simulator/bare-client";

let sim: Simulator;
let rx: BareClient;
let answer = 0;
beforeAll(async () => {
  sim = await startSimulator({ systemId: "esme", password: "pw", controlPort: null });
  rx = await connectBare({ port: sim.tlsPort!, tls: true, answer: () => answer });
  expect((await rx.bind("receiver", "esme", "pw")).command_status).toBe(0);
});
afterAll(async () => {
  await rx.close();
  await sim.stop();
});

/** The MO segments the client received since `from`, decoded by the app's own reader. */
function moSince(from: number): InboundSms[] {
  return rx.inbound.slice(from).map((p) => {
    const r = classifyDeliverSm(p as unknown as IncomingPdu);
    if (r.kind !== "mo") throw new Error("expected an MO");
    return r;
  });
}

const LONG_GSM = "Hello {world} with €uro and [brackets] ".repeat(6).trim();
const LONG_UCS2 = "Привет 👋 мир, это длинное сообщение ".repeat(4).trim();

describe("simulator MO push", () => {
  it("sends a short MO as one deliver_sm and resolves with the deliver_sm_resp status", async () => {
    const from = rx.inbound.length;
    const result = await sim.pushMo({ from: "+33612345678", to: "38100", text: "STOP" });
    expect(result).toMatchObject({ status: 0, statuses: [0], parts: 1 });
    const [mo] = moSince(from);
    expect(mo).toMatchObject({
      origin: "33612345678",
      destination: "38100",
      text: "STOP",
      dataCoding: 0,
      concat: null,
      sourceTon: 1,
    });
  });

  it.each([
    ["8-bit UDH", "udh" as const, LONG_GSM, 8],
    ["16-bit UDH", "udh16" as const, LONG_UCS2, 16],
    ["SAR TLVs", "sar" as const, LONG_UCS2, 16],
  ])("splits a long MO with %s into parts that reassemble to the text", async (_name, concat, text, bits) => {
    const from = rx.inbound.length;
    const result = await sim.pushMo({ from: "33612345678", to: "38100", text, concat, reference: 0x1234 });
    expect(result.parts).toBeGreaterThan(1);
    expect(result.statuses).toEqual(Array(result.parts).fill(0));
    const parts = moSince(from);
    expect(parts).toHaveLength(result.parts);
    expect(parts.map((p) => p.concat)).toEqual(
      parts.map((_, i) => ({ reference: bits === 8 ? 0x34 : 0x1234, total: parts.length, sequence: i + 1, referenceBits: bits })),
    );
    expect(parts.every((p) => p.esmClass === (concat === "sar" ? 0 : 0x40))).toBe(true);
    // Out-of-order arrival must not matter to the reader.
    expect(joinSegments([...parts].reverse())).toBe(text);
  });

  it("never splits a surrogate pair or an extension character between parts", async () => {
    const texts = { gsm7: "€".repeat(100), ucs2: "€".repeat(100) + "😀".repeat(40) };
    for (const encoding of ["gsm7", "ucs2"] as const) {
      const from = rx.inbound.length;
      const t = texts[encoding];
      await sim.pushMo({ from: "33612345678", to: "38100", text: t, encoding });
      const parts = moSince(from);
      expect(parts.length).toBeGreaterThan(1);
      expect(parts.every((p) => !/[\uD800-\uDBFF]$/.test(p.text) && !/^[\uDC00-\uDFFF]/.test(p.text))).toBe(true);
      expect(joinSegments(parts)).toBe(t);
    }
  });

  it("sends a long text whole in message_payload with concat none, and as data_sm when asked", async () => {
    let from = rx.inbound.length;
    await sim.pushMo({ from: "33612345678", to: "38100", text: LONG_GSM, concat: "none" });
    expect(rx.inbound.length - from).toBe(1);
    expect(rx.inbound[from].message_payload).toBeDefined();
    expect(moSince(from)[0].text).toBe(LONG_GSM);
    from = rx.inbound.length;
    await sim.pushMo({ from: "33612345678", to: "38100", text: "hi é", encoding: "latin1", dataSm: true });
    expect(rx.inbound[from].command).toBe("data_sm");
    expect(moSince(from)[0]).toMatchObject({ command: "data_sm", text: "hi é", dataCoding: 3 });
  });

  it("reports a temporary error answer as the push result", async () => {
    answer = COMMAND_STATUS.ESME_RX_T_APPN;
    const result = await sim.pushMo({ from: "33612345678", to: "38100", text: "again" });
    answer = 0;
    expect(result.status).toBe(COMMAND_STATUS.ESME_RX_T_APPN);
    expect(result.statusName).toBe("ESME_RX_T_APPN (0x00000064)");
  });

  it("refuses to push when no receiver is bound as the system_id asked for", async () => {
    await expect(sim.pushMo({ from: "1", to: "2", text: "x", systemId: "other", waitForBindMs: 50 })).rejects.toThrow(
      /no receiver/,
    );
  });
});
