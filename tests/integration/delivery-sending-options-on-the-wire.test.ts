import { beforeAll, describe, expect, it } from "vitest";
import { POST as createDeliveryRoute } from "@/app/api/v1/deliveries/route";
import { POST as testSendRoute } from "@/app/api/v1/accounts/[id]/test-send/route";
import { db } from "@/lib/db";
import { getDeliveryProgress, importFinished } from "@/lib/deliveries/repository";
import { absoluteSmppTime } from "@/lib/smpp/submit";
import type { ReceivedPdu, Simulator } from "@/simulator";
import { createSimAccount, eventually } from "../support/connector-test-kit";
import { frenchMobiles, roleTokens, submits, waitForStatus, withDispatcher } from "../support/delivery-test-kit";

// Issue 11: the account's TLV table and Service ID tag, and each delivery's TLVs, transmission mode, validity period
// and maximum number of SMS, as the simulator receives them (its PDU log: node-smpp's decoding plus the raw octets).
let sim: Simulator;
withDispatcher((s) => {
  sim = s;
});
let tokens: Awaited<ReturnType<typeof roleTokens>>;
beforeAll(async () => {
  tokens = await roleTokens();
});

const post = (body: unknown) =>
  createDeliveryRoute(
    new Request("http://localhost/api/v1/deliveries", {
      method: "POST",
      headers: { authorization: `Bearer ${tokens.operator}`, "content-type": "application/json" },
      body: JSON.stringify(body),
    }),
    { params: Promise.resolve({}) },
  );

async function deliver(body: Record<string, unknown>): Promise<{ id: string; pdus: ReceivedPdu[] }> {
  const res = await post(body);
  const created = (await res.json()) as { id: string };
  expect(res.status, JSON.stringify(created)).toBe(201);
  await importFinished(created.id);
  await waitForStatus(created.id, "finished");
  const numbers = new Set((body.recipients as string[]).map((n) => n.replace(/\D/g, "")));
  return { id: created.id, pdus: submits(sim.received).filter((p) => numbers.has(String(p.fields.destination_addr))) };
}

/** node-smpp decodes a TLV it has no name for under its numeric tag, as the octets. */
const tlv = (p: ReceivedPdu, tag: number) => {
  const v = (p.fields as Record<string, unknown>)[String(tag)];
  return v instanceof Uint8Array ? Buffer.from(v).toString("hex") : v;
};
const vendorTags = (p: ReceivedPdu) =>
  Object.keys(p.fields)
    .filter((k) => /^\d+$/.test(k))
    .map(Number)
    .sort((a, b) => a - b);
const hex = (s: string) => Buffer.from(s, "ascii").toString("hex");

const accountTlvs = {
  serviceIdTag: "0x1410",
  optionalTlvs: [
    { tag: "0x1400", type: "text", value: "acct" },
    { tag: "0x1402", type: "hex", value: "0A0B" },
  ],
};

describe("delivery sending options on the wire", () => {
  it("sends the account's TLVs, the delivery's, the Service ID, Flash and an absolute validity period", async () => {
    const accountId = await createSimAccount(sim, { smsc: accountTlvs });
    const numbers = frenchMobiles(2, 7100);
    const { id, pdus } = await deliver({
      accountId,
      text: "Flash sale",
      recipients: numbers,
      serviceId: "CAMPAIGN-7",
      transmissionMode: "flash",
      validityPeriodSeconds: 3600,
      optionalTlvs: [
        { tag: "0x1400", type: "text", value: "dlv" },
        { tag: "0x1401", type: "integer", value: "7" },
      ],
    });
    expect(pdus).toHaveLength(2);
    const { validUntil } = await db.delivery.findUniqueOrThrow({ where: { id } });
    // The API gives them back as created.
    expect((await getDeliveryProgress(id))!.options).toEqual({
      serviceId: "CAMPAIGN-7",
      transmissionMode: "flash",
      validUntil: validUntil!.toISOString(),
      maxParts: null,
      optionalTlvs: [
        { tag: "0x1400", type: "text", value: "dlv" },
        { tag: "0x1401", type: "integer", value: "7" },
      ],
      retryCount: 3,
      retryPeriodSeconds: 60,
    });
    expect(validUntil!.getTime() - Date.now()).toBeGreaterThan(3500_000);
    const validity = absoluteSmppTime(validUntil!);
    expect(validity).toMatch(/^\d{12}\d00\+$/);
    for (const p of pdus) {
      expect(p.fields.dest_addr_subunit).toBe(1);
      // GSM 03.38 with message class 0.
      expect(p.fields.data_coding).toBe(0x10);
      expect(vendorTags(p)).toEqual([0x1400, 0x1401, 0x1402, 0x1410]);
      expect(tlv(p, 0x1400)).toBe(`${hex("dlv")}00`);
      expect(tlv(p, 0x1401)).toBe("07");
      expect(tlv(p, 0x1402)).toBe("0a0b");
      expect(tlv(p, 0x1410)).toBe(`${hex("CAMPAIGN-7")}00`);
      expect(p.raw!.includes(Buffer.from(`\0${validity}\0`, "ascii"))).toBe(true);
    }
  });

  it("maps each transmission mode to dest_addr_subunit, and a UCS-2 Flash to data_coding 0x18", async () => {
    const accountId = await createSimAccount(sim);
    const seen: Record<string, unknown[]> = {};
    for (const [i, mode] of (["normal", "saveOnMobile", "saveOnTerminal"] as const).entries()) {
      const { pdus } = await deliver({ accountId, text: "Mode", recipients: frenchMobiles(1, 7200 + i), transmissionMode: mode });
      seen[mode] = pdus.map((p) => [p.fields.dest_addr_subunit, p.fields.data_coding, String(p.fields.validity_period ?? "")]);
      if (mode === "normal") expect(vendorTags(pdus[0])).toEqual([]);
    }
    // Normal sends no dest_addr_subunit (0, the SMSC's default) and no validity period.
    expect(seen).toEqual({ normal: [[undefined, 0, ""]], saveOnMobile: [[2, 0, ""]], saveOnTerminal: [[3, 0, ""]] });
    const { pdus } = await deliver({ accountId, text: "Привет", recipients: frenchMobiles(1, 7210), transmissionMode: "flash" });
    expect(pdus.map((p) => [p.fields.dest_addr_subunit, p.fields.data_coding])).toEqual([[1, 0x18]]);
  });

  it("checks the message against the delivery's maximum number of SMS instead of the account's", async () => {
    const accountId = await createSimAccount(sim, { smsc: { maxParts: 1 } });
    const long = "x".repeat(200);
    const refused = await post({ accountId, text: long, recipients: frenchMobiles(1, 7300) });
    expect(await refused.json()).toMatchObject({
      error: { code: "validation_failed", fields: { text: "SMS too long: 2 parts, the account allows 1" } },
    });
    const lowered = await post({ accountId, text: "x".repeat(400), recipients: frenchMobiles(1, 7300), maxParts: 2 });
    expect(lowered.status).toBe(422);
    expect(await lowered.json()).toMatchObject({ error: { fields: { text: "SMS too long: 3 parts, the delivery allows 2" } } });
    const { pdus } = await deliver({ accountId, text: long, recipients: frenchMobiles(1, 7301), maxParts: 2 });
    expect(pdus).toHaveLength(2);
  });

  it("answers 422 with the field paths of bad sending options, and creates nothing", async () => {
    const accountId = await createSimAccount(sim, { enabled: false });
    const before = await db.delivery.count();
    const res = await post({
      accountId,
      text: "x",
      recipients: ["+33612345678"],
      transmissionMode: "loud",
      validityPeriodSeconds: 10,
      maxParts: 0,
      retryCount: 1.5,
      retryPeriodSeconds: -1,
      serviceId: "é",
      optionalTlvs: [
        { tag: "0x0005", type: "text", value: "" },
        { tag: "0x1400", type: "integer", value: "big" },
      ],
    });
    expect(res.status).toBe(422);
    const body = (await res.json()) as { error: { fields: Record<string, string> } };
    expect(Object.keys(body.error.fields).sort()).toEqual([
      "maxParts",
      "optionalTlvs.0.tag",
      "optionalTlvs.1.value",
      "retryCount",
      "retryPeriodSeconds",
      "serviceId",
      "transmissionMode",
      "validityPeriodSeconds",
    ]);
    expect(body.error.fields["optionalTlvs.0.tag"]).toBe("Vendor tags are 0x1400–0x3FFF (SMPP v3.4 §5.3.2)");
    expect(await db.delivery.count()).toBe(before);
  });

  it("Test send carries the transmission mode and the account's TLVs", async () => {
    const accountId = await createSimAccount(sim, { smsc: accountTlvs });
    const res = await testSendRoute(
      new Request("http://localhost/api/v1/accounts/x/test-send", {
        method: "POST",
        headers: { authorization: `Bearer ${tokens.operator}`, "content-type": "application/json" },
        body: JSON.stringify({ to: "+33 6 00 00 73 99", text: "Test", transmissionMode: "saveOnTerminal", serviceId: "S1" }),
      }),
      { params: Promise.resolve({ id: accountId }) },
    );
    expect(res.status).toBe(200);
    const [p] = await eventually(() => {
      const found = submits(sim.received).filter((x) => x.fields.destination_addr === "33600007399");
      return found.length > 0 ? found : null;
    });
    expect(p.fields.dest_addr_subunit).toBe(3);
    expect(vendorTags(p)).toEqual([0x1400, 0x1402, 0x1410]);
    expect(tlv(p, 0x1410)).toBe(`${hex("S1")}00`);
    const bad = await testSendRoute(
      new Request("http://localhost/api/v1/accounts/x/test-send", {
        method: "POST",
        headers: { authorization: `Bearer ${tokens.operator}`, "content-type": "application/json" },
        body: JSON.stringify({ to: "+33600007399", text: "Test", transmissionMode: "loud" }),
      }),
      { params: Promise.resolve({ id: accountId }) },
    );
    expect(bad.status).toBe(422);
    expect(await bad.json()).toMatchObject({ error: { fields: { transmissionMode: expect.any(String) } } });
  });
});
