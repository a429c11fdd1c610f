import { describe, expect, it } from "vitest";
import { getAccount } from "@/lib/accounts/repository";
import type { Connector } from "@/lib/connector/service";
import { db } from "@/lib/db";
import { normaliseMessageId } from "@/lib/smpp/codec/status-report";
import { buildSubmitParts } from "@/lib/smpp/submit";
import type { Simulator } from "@/simulator";
import { createSimAccount, eventually, withConnector } from "../support/connector-test-kit";

let sim: Simulator;
let connector: Connector;
withConnector({ credentials: [{ systemId: "rx", password: "rxpw" }] }, (s, c) => {
  sim = s;
  connector = c;
});

describe("transmitter + receiver pairs", () => {
  it("sends MT on the transmitters only and takes MO and SR from the receivers", async () => {
    const id = await createSimAccount(sim, {
      connection: {
        mode: "transmitterReceiver",
        connections: 2,
        separateReceiver: true,
        receiver: { host: sim.host, port: sim.port, systemId: "rx", password: "rxpw" },
      },
      channel: { realtimeKpi: true, shortCode: "36111" },
      autoReplies: [{ keyword: "HELLO", reply: "Hi there", action: "none" }],
    });
    const st = await connector.waitForState(id, "bound");
    expect(st.binds.map((b) => `${b.role}${b.connectionIndex}`)).toEqual([
      "transmitter0",
      "receiver0",
      "transmitter1",
      "receiver1",
    ]);
    const binds = connector.transmitBinds(id);
    expect(binds.map((b) => b.connectionIndex)).toEqual([0, 1]);

    // MT through the second transmitter; its SR comes back on a receiver and is matched.
    const account = (await getAccount(id))!;
    const recipient = await db.recipient.create({
      data: {
        delivery: { create: { accountId: id, text: "x", status: "running", total: 1 } },
        number: "33677000001",
        state: "wire",
      },
    });
    const built = buildSubmitParts({
      to: "+33677000001",
      text: "pair test",
      settings: account,
      registeredDelivery: true,
      reference: 3,
    });
    if (!built.ok) throw new Error(built.error);
    const resp = await binds[1].submit(built.parts[0], 10_000);
    const [submitted] = await sim.waitFor((p) => p.command === "submit_sm" && p.fields.destination_addr === "33677000001");
    expect(sim.sessions().find((s) => s.id === submitted.session)?.mode).toBe("transmitter");
    const messageId = normaliseMessageId(resp.messageId, account.smsc.mtIdFormat);
    const part = await db.messagePart.create({ data: { accountId: id, recipientId: recipient.id, messageId, state: "sent" } });
    const { matchPendingReports } = await import("@/lib/deliveries/status-reports");
    await matchPendingReports(id, { realtimeKpi: true, messageIds: [messageId] });
    await eventually(
      async () => (await db.messagePart.findUniqueOrThrow({ where: { id: part.id } })).state === "delivered",
      5000,
      "SR via receiver",
    );
    const [receipt] = await sim.waitFor((p) => p.command === "deliver_sm_resp");
    expect(sim.sessions().find((s) => s.id === receipt.session)?.mode).toBe("receiver");

    // MO on a receiver; the automatic reply leaves through a transmitter.
    const mo = await sim.pushMo({ from: "33677000002", to: "36111", text: "hello", systemId: "rx" });
    expect(mo.status).toBe(0);
    expect((await db.inboundSms.findFirstOrThrow({ where: { origin: "33677000002" } })).keyword).toBe("HELLO");
    const [reply] = await sim.waitFor((p) => p.command === "submit_sm" && p.fields.destination_addr === "33677000002", {
      timeoutMs: 5000,
    });
    expect(sim.sessions().find((s) => s.id === reply.session)?.mode).toBe("transmitter");
  });
});
