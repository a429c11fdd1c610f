// Issue 4 (MO decoding): the text of an MO is read from the octets the SMSC sent, with the account's encoding
// mapping, not from node-smpp's own guess (which reads data_coding 1 as GSM 03.38 and turns Latin-1 "é" into " ").
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeWriter } from "@/lib/storage/writer";
import type { Connector } from "@/lib/connector/service";
import { db } from "@/lib/db";
import type { Simulator } from "@/simulator";
import { createSimAccount, eventually, newConnector, startSim } from "../support/connector-test-kit";

let sim: Simulator;
let connector: Connector;

/** This SMSC means Latin-1 by data_coding 1 as well as 3. */
const LATIN1_MAPPING = [
  { dataCoding: 0, encoding: "gsm7" },
  { dataCoding: 1, encoding: "latin1" },
  { dataCoding: 3, encoding: "latin1" },
  { dataCoding: 8, encoding: "ucs2" },
];

beforeAll(async () => {
  sim = await startSim();
  connector = newConnector();
  await connector.start();
  const accountId = await createSimAccount(sim, { channel: { shortCode: "36222" }, smsc: { encodings: LATIN1_MAPPING } });
  await connector.waitForState(accountId, "bound");
});

afterAll(async () => {
  await connector.stop();
  await sim.stop();
  await closeWriter();
});

const messagesFrom = async (origin: string) =>
  (await db.inboundSms.findMany({ where: { origin }, orderBy: { id: "asc" } })).map((r) => ({
    message: r.message,
    dataCoding: r.dataCoding,
  }));

describe("MO text from the wire octets and the account's encoding mapping", () => {
  it.each([
    ["data_coding 1 mapped to latin1", 1, "33622000001"],
    ["data_coding 3 mapped to latin1", 3, "33622000003"],
  ])("stores “café crème” sent as Latin-1 octets with %s exactly", async (_name, dataCoding, from) => {
    const r = await sim.pushMo({ from, to: "36222", text: "café crème", encoding: "latin1", dataCoding });
    expect(r.status).toBe(0);
    expect(await messagesFrom(from)).toEqual([{ message: "café crème", dataCoding }]);
  });

  it("joins a concatenated Latin-1 MO (data_coding 1, 8-bit UDH) without losing an accent", async () => {
    const text = "Crème brûlée à volonté, s'il vous plaît ! ".repeat(5).trim();
    const r = await sim.pushMo({ from: "33622000011", to: "36222", text, encoding: "latin1", dataCoding: 1, concat: "udh" });
    expect(r.parts).toBeGreaterThan(1);
    expect(r.status).toBe(0);
    const rows = await eventually(async () => {
      const m = await messagesFrom("33622000011");
      return m.length > 0 ? m : null;
    });
    expect(rows).toEqual([{ message: text, dataCoding: 1 }]);
  });

  it("reads Latin-1 in message_payload (data_sm, data_coding 1)", async () => {
    const r = await sim.pushMo({
      from: "33622000021",
      to: "36222",
      text: "Noël à Zürich",
      encoding: "latin1",
      dataCoding: 1,
      dataSm: true,
    });
    expect(r.status).toBe(0);
    expect(await messagesFrom("33622000021")).toEqual([{ message: "Noël à Zürich", dataCoding: 1 }]);
  });

  it("still reads GSM 03.38 with its extension table and UCS-2 with surrogate pairs", async () => {
    expect(
      (await sim.pushMo({ from: "33622000031", to: "36222", text: "Prix: 5€ [promo] {ok} ~^|\\", encoding: "gsm7" })).status,
    ).toBe(0);
    expect((await sim.pushMo({ from: "33622000032", to: "36222", text: "Salut 😀 👍🏽", encoding: "ucs2" })).status).toBe(0);
    expect(await messagesFrom("33622000031")).toEqual([{ message: "Prix: 5€ [promo] {ok} ~^|\\", dataCoding: 0 }]);
    expect(await messagesFrom("33622000032")).toEqual([{ message: "Salut 😀 👍🏽", dataCoding: 8 }]);
  });
});
