import { afterAll, describe, expect, it } from "vitest";
import { classifyDeliverSm, type IncomingPdu } from "@/lib/smpp/incoming";
import { compileSrParser } from "@/lib/smpp/codec/status-report";
import { startSimulator, type Simulator, type SimulatorOptions } from "@/simulator";
import { connectBare, type BareClient } from "@/simulator/bare-client";
import type { SmppPdu } from "@/simulator/node-smpp";
import { eventually } from "../support/eventually";

const open: { sim: Simulator; clients: BareClient[] }[] = [];
afterAll(async () => {
  for (const o of open) {
    await Promise.all(o.clients.map((c) => c.close()));
    await o.sim.stop();
  }
});

async function setup(options: SimulatorOptions, mode: "transceiver" | "transmitter" = "transceiver") {
  const sim = await startSimulator({ systemId: "esme", password: "pw", tlsPort: null, controlPort: null, ...options });
  const tx = await connectBare({ port: sim.port });
  expect((await tx.bind(mode, "esme", "pw")).command_status).toBe(0);
  const entry = { sim, clients: [tx] };
  open.push(entry);
  return { sim, tx, entry };
}

const mt = (i: number, rd = 1) => ({
  source_addr: "Brand",
  source_addr_ton: 5,
  destination_addr: `336000000${String(i).padStart(2, "0")}`,
  dest_addr_ton: 1,
  dest_addr_npi: 1,
  short_message: `hello number ${i} and more text`,
  registered_delivery: rd,
});

const receiptsOf = (c: BareClient) =>
  c.inbound.filter((p) => p.command === "deliver_sm").map((p) => classifyDeliverSm(p as unknown as IncomingPdu));

describe("simulator receipts", () => {
  it("sends one receipt per submit_sm in the exact outcome proportions, with text, TLVs and swapped addresses", async () => {
    const { tx } = await setup({
      messageIdFormat: "hex",
      receipts: { delayMs: 20, outcomes: { DELIVRD: 3, UNDELIV: 1 }, errorCode: 34 },
    });
    const resps = await Promise.all(Array.from({ length: 12 }, (_, i) => tx.request("submit_sm", mt(i))));
    const ids = resps.map((r) => String(r.message_id));
    expect(ids.every((id) => /^[0-9A-F]+$/.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(12);
    await eventually(() => receiptsOf(tx).length === 12, 10_000, "12 receipts");
    const receipts = receiptsOf(tx);
    const parse = compileSrParser({});
    const receiptedIds = receipts.map((r) => (r.kind === "receipt" ? r.receiptedMessageId : null));
    expect(receiptedIds.sort()).toEqual([...ids].sort());
    const stats = receipts.map((r) => (r.kind === "receipt" ? parse(r.text, r.tlvs) : null));
    expect(stats.filter((s) => s?.verdict === "delivered")).toHaveLength(9);
    expect(stats.filter((s) => s?.verdict === "error")).toHaveLength(3);
    for (const r of receipts) {
      if (r.kind !== "receipt") throw new Error("not a receipt");
      expect(r.esmClass).toBe(0x04);
      expect(r.origin).toMatch(/^336000000\d\d$/);
      expect(r.destination).toBe("Brand");
      expect(r.sourceTon).toBe(1);
      expect(r.destinationTon).toBe(5);
      const undelivered = r.text.includes("stat:UNDELIV");
      const textStart = mt(Number(r.origin.slice(-2))).short_message.slice(0, 20);
      expect(r.text).toMatch(
        new RegExp(
          `^id:${r.receiptedMessageId} sub:001 dlvrd:00${undelivered ? 0 : 1} submit date:\\d{10} done date:\\d{10} stat:(DELIVRD|UNDELIV) err:${undelivered ? "034" : "000"} text:`,
        ),
      );
      expect(r.text.endsWith(`text:${textStart}`)).toBe(true);
      expect(r.messageState).toBe(undelivered ? 5 : 2);
    }
  });

  it("writes decimal ids, and sends the receipt before the submit_sm_resp under receiptBeforeResponse", async () => {
    const { sim, tx } = await setup({ messageIdFormat: "decimal", firstMessageId: 1000 });
    sim.setFaults({ receiptBeforeResponse: true });
    const order: string[] = [];
    tx.session.on("pdu", (p: SmppPdu) => order.push(p.command));
    const resp = await tx.request("submit_sm", mt(1));
    expect(resp.message_id).toBe("1000");
    expect(order).toEqual(["deliver_sm", "submit_sm_resp"]);
    expect(receiptsOf(tx)[0]).toMatchObject({ kind: "receipt", receiptedMessageId: "1000" });
    // The deliver_sm_resp reached the simulator before it answered the submit_sm.
    const log = sim.received.map((p) => p.command);
    expect(log.indexOf("deliver_sm_resp")).toBeGreaterThan(log.indexOf("submit_sm"));
  });

  it("sends no receipt when none was asked, and only failures for registered_delivery 2", async () => {
    const { sim, tx } = await setup({ receipts: { outcomes: { DELIVRD: 1, EXPIRED: 1 } } });
    await tx.request("submit_sm", mt(1, 0));
    await Promise.all([1, 2, 3, 4].map((i) => tx.request("submit_sm", mt(i, 2))));
    await eventually(() => receiptsOf(tx).length === 2, 10_000, "2 receipts");
    expect(receiptsOf(tx).every((r) => r.kind === "receipt" && r.text.includes("stat:EXPIRED") && r.messageState === 3)).toBe(
      true,
    );
    await eventually(() => sim.stats().receiptsPending === 0, 10_000, "no pending receipt");
    expect(receiptsOf(tx)).toHaveLength(2);
  });

  it("keeps receipts while no receiver is bound and sends them to the receiver that binds later", async () => {
    const { sim, tx, entry } = await setup({ receipts: { delayMs: 0 } }, "transmitter");
    const resp = await tx.request("submit_sm", mt(1));
    await eventually(() => sim.stats().receiptsPending === 1, 10_000, "the receipt to wait");
    const rx = await connectBare({ port: sim.port });
    entry.clients.push(rx);
    expect((await rx.bind("receiver", "esme", "pw")).command_status).toBe(0);
    await eventually(() => receiptsOf(rx).length === 1, 10_000, "the stored receipt");
    expect(receiptsOf(rx)[0]).toMatchObject({ kind: "receipt", receiptedMessageId: resp.message_id });
    expect(receiptsOf(tx)).toHaveLength(0);
  });

  it("pushes a receipt for any id on demand and reports the deliver_sm_resp status", async () => {
    const { sim, tx } = await setup({});
    const r = await sim.pushReceipt({
      messageId: "NOT-SENT-1",
      stat: "REJECTD",
      errorCode: 69,
      from: "33611111111",
      to: "Brand",
    });
    expect(r.status).toBe(0);
    const [receipt] = receiptsOf(tx);
    expect(receipt).toMatchObject({
      kind: "receipt",
      receiptedMessageId: "NOT-SENT-1",
      messageState: 8,
      origin: "33611111111",
      destination: "Brand",
    });
    expect(receipt.kind === "receipt" && receipt.text).toMatch(/^id:NOT-SENT-1 sub:001 dlvrd:000 .* stat:REJECTD err:069 text:$/);
  });

  it("sends a receipt again after a temporary error answer", async () => {
    const sim = await startSimulator({ systemId: "esme", password: "pw", tlsPort: null, controlPort: null });
    let refusals = 1;
    const tx = await connectBare({ port: sim.port, answer: () => (refusals-- > 0 ? 0x64 : 0) });
    open.push({ sim, clients: [tx] });
    await tx.bind("transceiver", "esme", "pw");
    await tx.request("submit_sm", mt(1));
    await eventually(() => sim.stats().receiptsSent === 1, 10_000, "the receipt to be accepted");
    const answers = sim.received.filter((p) => p.command === "deliver_sm_resp").map((p) => p.commandStatus);
    expect(answers).toEqual([0x64, 0]);
  });
});
