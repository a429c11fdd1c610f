import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { POST } from "@/app/api/v1/accounts/[id]/test-send/route";
import { createAccount } from "@/lib/accounts/repository";
import { startSimulator, type Simulator } from "@/simulator";
import { eventually } from "../support/connector-test-kit";
import { roleTokens } from "../support/role-users";

// POST /api/v1/accounts/{id}/test-send through the real route handler, a real SQLite file and the simulator.
const PASSWORD = "pw8Chars";
const tokens: Record<string, string> = {};
let sim: Simulator;

const req = (role: string, body: unknown) =>
  new Request("http://localhost/api/v1/accounts/x/test-send", {
    method: "POST",
    headers: { authorization: `Bearer ${tokens[role]}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
const ctx = (id: string) => ({ params: Promise.resolve({ id }) });

async function saved(over: Record<string, Record<string, unknown>> = {}): Promise<string> {
  const r = await createAccount(
    {
      label: `Send ${Math.random()}`,
      connection: { host: "127.0.0.1", port: sim.port, systemId: "esme", password: PASSWORD, ...over.connection },
      channel: {
        sourceNumber: "ACME",
        sourceTon: 5,
        sourceNpi: 0,
        destinationTon: 1,
        destinationNpi: 1,
        serviceType: "smpp",
        ...over.channel,
      },
      throughput: { bindTimeout: 3, mtTimeout: 3, ...over.throughput },
      smsc: { ...over.smsc },
    },
    "test",
  );
  if (!r.ok) throw new Error(JSON.stringify(r));
  return r.account.id;
}

const cstring = (s: string) => Buffer.concat([Buffer.from(s, "ascii"), Buffer.from([0])]);
const u8 = (...n: number[]) => Buffer.from(n);

beforeAll(async () => {
  sim = await startSimulator({ systemId: "esme", password: PASSWORD, controlPort: null, receipts: { delayMs: 20 } });
  Object.assign(tokens, await roleTokens("ts.example"));
});
afterEach(async () => {
  sim.setFaults({ stallSubmits: false, submitStatus: null });
  sim.setThrottle(0);
  sim.setReceipts({ delayMs: 20, outcomes: { DELIVRD: 1 } });
  // The test session is closed in every case.
  await eventually(() => sim.sessions().length === 0, 5000, "the test session to close");
  sim.reset();
});
afterAll(async () => {
  await sim.stop();
});

describe("POST /api/v1/accounts/{id}/test-send", () => {
  it("sends a 3-part UCS-2 message whose submit_sm are, byte for byte, what SMPP v3.4 prescribes", async () => {
    const id = await saved();
    const text = "Привет, мир! Это проверка длинного сообщения в UCS-2. ".repeat(3).slice(0, 150);
    const res = await POST(req("operator", { to: "+33 6 12-34-56-78", text }), ctx(id));
    const body = await res.json();
    expect(res.status).toBe(200);
    expect(body).toMatchObject({
      ok: true,
      encoding: "ucs2",
      dataCoding: 8,
      parts: 3,
      characters: 150,
      destination: "33612345678",
    });
    expect(body.responses.map((r: { status: string }) => r.status)).toEqual(Array(3).fill("ESME_ROK (0x00000000)"));
    expect(body.messageIds).toHaveLength(3);
    expect(body.receipt).toBeUndefined();

    const received = sim.received.filter((p) => p.command === "submit_sm");
    expect(received).toHaveLength(3);
    const octets = Buffer.from(text, "utf16le").swap16();
    const reference = received[0].raw![received[0].raw!.length - octets.subarray(0, 134).length - 3];
    const outTrace = body.trace.filter(
      (p: { command: string; direction: string }) => p.command === "submit_sm" && p.direction === "out",
    );
    received.forEach((p, i) => {
      const chunk = octets.subarray(i * 134, Math.min(octets.length, (i + 1) * 134));
      const shortMessage = Buffer.concat([u8(0x05, 0x00, 0x03, reference, 3, i + 1), chunk]);
      const pdu = Buffer.concat([
        cstring("smpp"), // service_type
        u8(5, 0),
        cstring("ACME"), // source TON/NPI/addr
        u8(1, 1),
        cstring("33612345678"), // destination TON/NPI/addr
        u8(0x40, 0, 0), // esm_class UDHI, protocol_id, priority_flag
        cstring(""),
        cstring(""), // schedule_delivery_time, validity_period
        u8(0, 0, 8, 0), // registered_delivery (no receipt asked), replace_if_present, data_coding UCS-2, sm_default_msg_id
        u8(shortMessage.length),
        shortMessage,
      ]);
      const header = Buffer.alloc(16);
      header.writeUInt32BE(16 + pdu.length, 0);
      header.writeUInt32BE(0x00000004, 4);
      header.writeUInt32BE(0, 8);
      header.writeUInt32BE(p.sequenceNumber, 12);
      expect(p.raw!.toString("hex")).toBe(Buffer.concat([header, pdu]).toString("hex"));
      expect(outTrace[i].hex).toBe(p.raw!.toString("hex"));
      expect(outTrace[i].fields.short_message.udh).toBe(shortMessage.subarray(0, 6).toString("hex"));
    });
    expect(new Set(received.map((p) => p.sequenceNumber)).size).toBe(3);
    const joined = outTrace.map((p: { fields: { short_message: { text: string } } }) => p.fields.short_message.text).join("");
    expect(joined).toBe(text);
  });

  it("waits for the receipt on the same session and reads it as delivered", async () => {
    const id = await saved();
    const res = await POST(req("admin", { to: "33612345678", text: "Hello", waitForReceiptSeconds: 10 }), ctx(id));
    const body = await res.json();
    expect(res.status).toBe(200);
    const submit = sim.received.find((p) => p.command === "submit_sm")!;
    expect(submit.fields.registered_delivery).toBe(1);
    expect(body.receipt).toMatchObject({
      received: true,
      status: "DELIVRD",
      delivered: true,
      verdict: "delivered",
      messageId: body.messageIds[0],
    });
    expect(body.receipt.raw).toMatch(/^id:\S+ sub:\d+ dlvrd:\d+ submit date:\d+ done date:\d+ stat:DELIVRD err:\d+/);
    const resp = await sim.waitFor((p) => p.command === "deliver_sm_resp");
    expect(resp[0].commandStatus).toBe(0);
    expect(body.trace.map((p: { command: string }) => p.command)).toContain("deliver_sm");
  });

  it("reads an undelivered receipt as bounced, with its error code", async () => {
    sim.setReceipts({ outcomes: { UNDELIV: 1 }, errorCode: 13 });
    const id = await saved();
    const res = await POST(req("admin", { to: "33612345678", text: "Hello", waitForReceiptSeconds: 10 }), ctx(id));
    const body = await res.json();
    expect(res.status).toBe(200);
    expect(body.ok).toBe(true);
    expect(body.receipt).toMatchObject({ received: true, status: "UNDELIV", error: "013", delivered: false, verdict: "error" });
  });

  it("names ESME_RTHROTTLED on the parts over the SMSC's rate, with a 502", async () => {
    sim.setThrottle(1);
    const id = await saved();
    const res = await POST(req("admin", { to: "33612345678", text: "x".repeat(400) }), ctx(id));
    expect(res.status).toBe(502);
    const body = await res.json();
    expect(body.ok).toBe(false);
    expect(body.responses[0].status).toBe("ESME_ROK (0x00000000)");
    expect(body.responses.slice(1).map((r: { status: string }) => r.status)).toEqual([
      "ESME_RTHROTTLED (0x00000058)",
      "ESME_RTHROTTLED (0x00000058)",
    ]);
    expect(body.error).toMatchObject({
      step: "submit",
      code: "smsc_error",
      status: 0x58,
      message: "Part 2: The SMSC refused the part: ESME_RTHROTTLED (0x00000058)",
    });
  });

  it("names ESME_RINVDSTADR", async () => {
    sim.setFaults({ submitStatus: 0x0b });
    const body = await (await POST(req("admin", { to: "33612345678", text: "Hi" }), ctx(await saved()))).json();
    expect(body.responses[0]).toMatchObject({ ok: false, status: "ESME_RINVDSTADR (0x0000000B)", messageId: null });
  });

  it("gives up on a stalled SMSC after mtTimeout and still closes the session", async () => {
    sim.setFaults({ stallSubmits: true });
    const id = await saved({ throughput: { mtTimeout: 1 } });
    const res = await POST(req("admin", { to: "33612345678", text: "Hi" }), ctx(id));
    expect(res.status).toBe(502);
    const body = await res.json();
    expect(body.responses[0]).toMatchObject({
      ok: false,
      status: null,
      error: expect.stringContaining("No submit_sm_resp within 1 s"),
    });
    expect(body.error.code).toBe("mt_timeout");
  });

  it("answers 502 with the bind step when the password is wrong, without leaking it", async () => {
    const id = await saved({ connection: { password: "nope1234" } });
    const res = await POST(req("admin", { to: "33612345678", text: "Hi" }), ctx(id));
    expect(res.status).toBe(502);
    const body = await res.json();
    expect(body.error).toMatchObject({ step: "bind", status: 0x0d });
    expect(JSON.stringify(body)).not.toContain("nope1234");
    expect(JSON.stringify(body)).not.toContain(Buffer.from("nope1234").toString("hex"));
  });

  it("uses the given sender, the full number when the account sends it, and a relative validity period", async () => {
    const id = await saved({ smsc: { sendFullPhoneNumber: true } });
    const res = await POST(req("admin", { to: "+33612345678", text: "Hi", from: "Shop" }), ctx(id));
    expect(res.status).toBe(200);
    const submit = (await sim.waitFor((p) => p.command === "submit_sm"))[0];
    expect(submit.fields).toMatchObject({ source_addr: "Shop", destination_addr: "+33612345678" });

    sim.reset();
    expect((await POST(req("admin", { to: "33612345678", text: "Hi", validityPeriodSeconds: 3600 }), ctx(id))).status).toBe(200);
    const valid = (await sim.waitFor((p) => p.command === "submit_sm"))[0];
    expect(valid.raw!.includes(Buffer.from("000000010000000R\0", "ascii"))).toBe(true);
  });

  it("waits for the receipt on the receiver bind of a transmitter+receiver account", async () => {
    const id = await saved({ connection: { mode: "transmitterReceiver" } });
    const res = await POST(req("admin", { to: "33612345678", text: "Hello", waitForReceiptSeconds: 10 }), ctx(id));
    const body = await res.json();
    expect(res.status).toBe(200);
    expect(
      body.steps.filter((s: { step: string }) => s.step === "bind").map((s: { detail: string }) => s.detail.split(":")[0]),
    ).toEqual(["transmitter", "receiver"]);
    expect(body.receipt).toMatchObject({ received: true, delivered: true, messageId: body.messageIds[0] });
  });

  it("refuses a bad number, a too long text and a bad wait with 422 field errors, sending nothing", async () => {
    const id = await saved({ smsc: { maxParts: 2 } });
    const bad = await POST(req("admin", { to: "06 12 ab", text: "Hi" }), ctx(id));
    expect(bad.status).toBe(422);
    expect((await bad.json()).error.fields.to).toMatch(/digits only/);
    const long = await POST(req("admin", { to: "33612345678", text: "x".repeat(400) }), ctx(id));
    expect(long.status).toBe(422);
    expect((await long.json()).error.fields.text).toMatch(/^SMS too long/);
    const wait = await POST(req("admin", { to: "33612345678", text: "Hi", waitForReceiptSeconds: 500 }), ctx(id));
    expect((await wait.json()).error.fields.waitForReceiptSeconds).toBe("Between 0 and 120 seconds");
    const sender = await POST(req("admin", { to: "33612345678", text: "Hi", from: "A very long sender" }), ctx(id));
    expect((await sender.json()).error.fields.from).toMatch(/alphanumeric sender of at most 11/);
    expect(sim.received).toHaveLength(0);
  });

  it("is allowed to operators, not to viewers", async () => {
    expect((await POST(req("viewer", { to: "33612345678", text: "Hi" }), ctx(await saved()))).status).toBe(403);
  });

  // Last: the simulator keeps this late receipt queued ahead of later ones (its receipt queue is by order of submit).
  it("says when no receipt came in time", async () => {
    sim.setReceipts({ delayMs: 60_000 });
    const id = await saved();
    const body = await (await POST(req("admin", { to: "33612345678", text: "Hello", waitForReceiptSeconds: 1 }), ctx(id))).json();
    expect(body.receipt).toMatchObject({ received: false, delivered: false, verdict: "none", raw: null });
    expect(body.receipt.detail).toContain("none within 1 s");
  });
});
