// A deliver_sm that the SMSC writes right behind bind_resp (what it kept while we were down) arrives in the same TCP
// read as the bind_resp, before openSession has resolved and the connector has added its listener. The session
// holds it for the listener: it is stored on its first delivery and answered ESME_ROK, no SMSC retry needed.
import { describe, expect, it } from "vitest";
import type { Connector } from "@/lib/connector/service";
import { db } from "@/lib/db";
import type { Simulator } from "@/simulator";
import { createSimAccount, eventually, withConnector } from "../support/connector-test-kit";

let sim: Simulator;
let connector: Connector;
withConnector({ faults: { moAfterBind: { from: "33633000001", to: "36333", text: "Kept while you were away" } } }, (s, c) => {
  sim = s;
  connector = c;
});

describe("deliver_sm in the same read as bind_resp", () => {
  it("is stored on its first delivery and answered ESME_ROK", async () => {
    const accountId = await createSimAccount(sim, { channel: { shortCode: "36333" } });
    await connector.waitForState(accountId, "bound");
    const [resp] = await sim.waitFor((p) => p.command === "deliver_sm_resp", { count: 1, timeoutMs: 10_000 });
    expect(resp.commandStatus).toBe(0);
    const rows = await eventually(async () => {
      const r = await db.inboundSms.findMany({ where: { origin: "33633000001" } });
      return r.length > 0 ? r : null;
    });
    expect(rows.map((r) => ({ accountId: r.accountId, message: r.message }))).toEqual([
      { accountId, message: "Kept while you were away" },
    ]);
    // One delivery, one answer: nothing for the SMSC to send again.
    expect(sim.received.filter((p) => p.command === "deliver_sm_resp")).toHaveLength(1);
    // It really came behind the bind_resp: the session got it before the simulator saw any other PDU from us.
    const bind = sim.received.findIndex((p) => p.command === "bind_transceiver");
    expect(sim.received.findIndex((p) => p.command === "deliver_sm_resp")).toBe(bind + 1);
  });
});
