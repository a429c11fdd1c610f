import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as detail } from "@/app/api/v1/insms/[id]/route";
import { GET as list } from "@/app/api/v1/insms/route";
import type { Connector } from "@/lib/connector/service";
import { db } from "@/lib/db";
import { closeWriter } from "@/lib/storage/writer";
import type { Simulator } from "@/simulator";
import { roleTokens } from "../support/role-users";
import { createSimAccount, newConnector, startSim } from "../support/connector-test-kit";

// An MO pushed by the simulator over TCP into a running connector, then read back by id through the route handler:
// the deliver_sm's TON/NPI, esm_class and data_coding, the parts of a joined concatenated MO and the bind it came on.
let sim: Simulator;
let connector: Connector;
let accountId = "";
let tokens: Record<string, string> = {};

beforeAll(async () => {
  tokens = await roleTokens("insms-detail.example");
  sim = await startSim();
  connector = newConnector();
  await connector.start();
  // A transmitter + a receiver: MO arrive on the receiver, so the bind stored is not just the default transceiver.
  accountId = await createSimAccount(sim, { label: "Detail", connection: { mode: "transmitterReceiver" } });
  await connector.waitForState(accountId, "bound");
});

afterAll(async () => {
  await connector.stop();
  await sim.stop();
  await closeWriter();
});

const auth = (role = "viewer") => ({ authorization: `Bearer ${tokens[role]}` });

async function getDetail(id: string | number, role = "viewer") {
  const res = await detail(new Request(`http://localhost/api/v1/insms/${id}`, { headers: auth(role) }), {
    params: Promise.resolve({ id: String(id) }),
  });
  return { status: res.status, body: await res.json() };
}

/** The id of the one stored MO from `origin`, found through the list API as a client would. */
async function idOf(origin: string): Promise<number> {
  const res = await list(new Request(`http://localhost/api/v1/insms?origin=${encodeURIComponent(origin)}`, { headers: auth() }));
  const body = await res.json();
  expect(body.items).toHaveLength(1);
  return body.items[0].id;
}

const LONG = "This message is longer than one SMS can carry, so the handset's SMSC splits it in two parts. ".repeat(2);

describe("GET /api/v1/insms/{id}", () => {
  it("answers a single MO with its addresses' TON/NPI by number and by name, data_coding, esm_class, parts and bind", async () => {
    expect((await sim.pushMo({ from: "+33612000001", to: "36000", text: "Hello détail" })).status).toBe(0);
    const { status, body } = await getDetail(await idOf("33612000001"));
    expect(status).toBe(200);
    expect(body).toMatchObject({
      accountId,
      account: { id: accountId, label: "Detail" },
      origin: "33612000001",
      destination: "36000",
      message: "Hello détail",
      dataCoding: 0,
      sourceTon: 1,
      sourceNpi: 1,
      destTon: 3,
      destNpi: 0,
      esmClass: 0,
      parts: 1,
      providerId: null,
      bindRole: "receiver",
      bindIndex: 0,
      keyword: null,
      action: null,
      names: {
        sourceTon: "1 international",
        sourceNpi: "1 ISDN (E.163/E.164)",
        destTon: "3 network specific",
        destNpi: "0 unknown",
        dataCoding: "0 SMSC default alphabet (GSM 03.38)",
        esmClass: "0x00 normal message",
      },
    });
    expect(Date.parse(body.receivedAt)).not.toBeNaN();
  });

  it("answers a 2-part concatenated MO (UDH) joined as one row with parts 2 and the UDH indicator", async () => {
    const pushed = await sim.pushMo({ from: "+33612000002", to: "36000", text: LONG, concat: "udh" });
    expect(pushed.parts).toBe(2);
    const { status, body } = await getDetail(await idOf("33612000002"));
    expect(status).toBe(200);
    expect(body).toMatchObject({ message: LONG, parts: 2, esmClass: 0x40, sourceTon: 1, sourceNpi: 1 });
    expect(body.names.esmClass).toBe("0x40 normal message, UDH indicator");
  });

  it("answers a 2-part MO joined from SAR TLVs, an alphanumeric sender and UCS-2 by name", async () => {
    const text = "Длинное сообщение, которое не помещается в одно SMS и приходит двумя частями.";
    const pushed = await sim.pushMo({ from: "ACME", to: "36000", text, concat: "sar" });
    expect(pushed.parts).toBe(2);
    const { body } = await getDetail(await idOf("ACME"));
    expect(body).toMatchObject({ message: text, parts: 2, esmClass: 0, dataCoding: 8, sourceTon: 5, sourceNpi: 0 });
    expect(body.names).toMatchObject({ sourceTon: "5 alphanumeric", dataCoding: "8 UCS-2 (ISO/IEC-10646)" });
  });

  it("answers a row stored before these fields were kept with nulls", async () => {
    const old = await db.inboundSms.create({
      data: { accountId, origin: "33612000003", destination: "36000", message: "old", dataCoding: 0, receivedAt: new Date() },
    });
    const { status, body } = await getDetail(old.id);
    expect(status).toBe(200);
    expect(body).toMatchObject({ sourceTon: null, esmClass: null, parts: null, bindRole: null, names: { sourceTon: null } });
  });

  it("is 404 JSON for an unknown id, 422 for one that is not a number, and needs a token", async () => {
    const last = await db.inboundSms.findFirstOrThrow({ orderBy: { id: "desc" } });
    for (const id of [last.id + 1000, 99_999_999_999]) {
      const r = await getDetail(id);
      expect(r.status).toBe(404);
      expect(r.body.error.code).toBe("not_found");
    }
    for (const id of ["abc", "12x", "-1", "1.5"]) {
      const r = await getDetail(encodeURIComponent(id));
      expect(r.status).toBe(422);
      expect(r.body.error).toMatchObject({ code: "validation_failed", fields: { id: expect.any(String) } });
    }
    const anonymous = await detail(new Request(`http://localhost/api/v1/insms/${last.id}`), {
      params: Promise.resolve({ id: String(last.id) }),
    });
    expect(anonymous.status).toBe(401);
  });
});
