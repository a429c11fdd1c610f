import { describe, expect, it } from "vitest";
import { routingAccountSchema } from "@/lib/accounts/schema";
import { decodeText, PART_OCTETS, type EncodingName } from "@/lib/smpp/codec/encoding";
import { classifyDeliverSm, type IncomingPdu } from "@/lib/smpp/incoming";
import { buildSubmitParts } from "@/lib/smpp/submit";
import { parseUdh } from "@/lib/smpp/codec/udh";
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { PDU } = require("smpp/lib/pdu") as {
  PDU: new (command: string | Buffer, options?: object) => { toBuffer(): Buffer } & IncomingPdu;
};

/** Deterministic PRNG so that a failure can be replayed. */
function prng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 0x100000000;
  };
}

const POOLS: Record<string, string[]> = {
  gsm: [..."abcdefghijklmnopqrstuvwxyz ABCXYZ0123456789.,!?@£$¥èéùìòÇØøÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ¤¡¿ÄÖÑÜ§äöñüà\n^{}\\[~]|€"],
  ucs2: [..."abc жпр 日本 €é", "😀", "👍🏽", "𝄞", "🇫🇷"],
  latin1: [..."abcdef ÿþýüéàçñ©®½"],
};

function randomText(rand: () => number, pool: string[], length: number): string {
  let out = "";
  while (out.length < length) out += pool[Math.floor(rand() * pool.length)];
  return out;
}

const account = (encodings: { dataCoding: number; encoding: EncodingName }[] | null, maxParts = 255) =>
  routingAccountSchema.parse({
    label: "T",
    internalName: "T",
    connection: { host: "h", systemId: "s" },
    smsc: { encodings, maxParts },
  });

describe("UDH parts reassemble to the original text", () => {
  const cases: [string, EncodingName, ReturnType<typeof account>][] = [
    ["gsm", "gsm7", account(null)],
    ["ucs2", "ucs2", account(null)],
    ["latin1", "latin1", account([{ dataCoding: 3, encoding: "latin1" }])],
  ];
  for (const [pool, encoding, settings] of cases) {
    it(`${encoding}: 300 random texts, every part within its limit, nothing lost`, () => {
      const rand = prng(pool.length * 7919);
      for (let n = 0; n < 300; n++) {
        // The first character pins the encoding (a short random UCS-2 text could be all GSM).
        const text = { gsm: "a", ucs2: "ж", latin1: "ÿ" }[pool] + randomText(rand, POOLS[pool], Math.floor(rand() * 1200));
        const r = buildSubmitParts({
          to: "33612345678",
          text,
          settings,
          registeredDelivery: true,
          reference: n,
          validityPeriod: null,
        });
        expect(r.ok, text).toBe(true);
        if (!r.ok) return;
        expect(r.encoding).toBe(encoding);
        expect(r.parts.length).toBe(r.count.parts);
        let joined = "";
        for (const [i, p] of r.parts.entries()) {
          const sm = new Uint8Array(p.short_message);
          if (r.parts.length === 1) {
            expect(sm.length).toBeLessThanOrEqual(PART_OCTETS[encoding].single);
            joined += decodeText(sm, encoding);
            continue;
          }
          const udh = parseUdh(sm);
          expect(udh?.concat).toEqual({ reference: n & 0xff, total: r.parts.length, sequence: i + 1, referenceBits: 8 });
          const body = sm.subarray(udh!.headerLength);
          expect(body.length).toBeLessThanOrEqual(PART_OCTETS[encoding].multi);
          // Each part decodes on its own: no ESC or high surrogate left dangling at its end.
          joined += decodeText(body, encoding);
        }
        expect(joined).toBe(text);
      }
    });
  }

  it("node-smpp reads our parts back as the same text (what the simulator sees)", () => {
    const text = "Привет 😀 мир ".repeat(20);
    const r = buildSubmitParts({ to: "33612345678", text, settings: account(null), registeredDelivery: true, reference: 3 });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const texts = r.parts.map((p) => {
      const decoded = new PDU(new PDU("submit_sm", { ...p, sequence_number: 1 }).toBuffer());
      const mo = classifyDeliverSm(decoded);
      if (mo.kind !== "mo") throw new Error("a submit_sm has no receipt bit");
      return mo;
    });
    expect(texts.map((t) => t.concat?.sequence)).toEqual(r.parts.map((_, i) => i + 1));
    expect(texts.map((t) => t.text).join("")).toBe(text);
  });
});
