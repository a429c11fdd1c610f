import { afterAll, describe, expect, it } from "vitest";
import { classifyDeliverSm, type IncomingPdu } from "@/lib/smpp/incoming";
import { startSimulator, type Simulator, type SimulatorOptions } from "@/simulator";
import { connectBare, type BareClient } from "@/simulator/bare-client";
import { eventually } from "../support/eventually";

// A long MT whose first part alone asks for a receipt (registered_delivery 1, as lib/smpp/submit.ts sends it): the
// simulator reports each part, with its own message id, as most SMSCs do; `perPart: false` reports the first only.
const open: { sim: Simulator; tx: BareClient }[] = [];
afterAll(async () => {
  for (const o of open) {
    await o.tx.close();
    await o.sim.stop();
  }
});

async function setup(receipts: SimulatorOptions["receipts"] = {}) {
  const sim = await startSimulator({ systemId: "esme", password: "pw", tlsPort: null, controlPort: null, receipts });
  const tx = await connectBare({ port: sim.port });
  expect((await tx.bind("transceiver", "esme", "pw")).command_status).toBe(0);
  open.push({ sim, tx });
  return { sim, tx };
}

const base = (to: string) => ({
  source_addr: "Brand",
  source_addr_ton: 5,
  destination_addr: to,
  dest_addr_ton: 1,
  dest_addr_npi: 1,
});

/** The parts of a `total`-part message, split with an 8-bit UDH (05 00 03 ref total seq); rd on the first only. */
const udhParts = (to: string, reference: number, total: number, rd = 1) =>
  Array.from({ length: total }, (_, i) => ({
    ...base(to),
    esm_class: 0x40,
    registered_delivery: i === 0 ? rd : 0,
    short_message: Buffer.concat([Buffer.from([5, 0, 3, reference, total, i + 1]), Buffer.from(`part ${i + 1} of ${to}`)]),
  }));

/** The same with SAR TLVs instead of a UDH. */
const sarParts = (to: string, reference: number, total: number) =>
  Array.from({ length: total }, (_, i) => ({
    ...base(to),
    registered_delivery: i === 0 ? 1 : 0,
    short_message: `part ${i + 1} of ${to}`,
    sar_msg_ref_num: reference,
    sar_total_segments: total,
    sar_segment_seqnum: i + 1,
  }));

/** Submitted one after the other, as a window-1 ESME does; the message ids in part order. */
async function submit(tx: BareClient, parts: Record<string, unknown>[]): Promise<string[]> {
  const ids: string[] = [];
  for (const p of parts) {
    const resp = await tx.request("submit_sm", p);
    expect(resp.command_status).toBe(0);
    ids.push(String(resp.message_id));
  }
  return ids;
}

const receiptsOf = (tx: BareClient) =>
  tx.inbound
    .filter((p) => p.command === "deliver_sm")
    .map((p) => classifyDeliverSm(p as unknown as IncomingPdu))
    .map((r) => (r.kind === "receipt" ? { id: r.receiptedMessageId, text: r.text } : null));

/**
 * The receipts of what was submitted so far, once all have come: a last single-part MT asking for one goes behind
 * them (one delay for all, one queue, one socket), so any receipt still to come would arrive before its own.
 */
async function receiptsSoFar(tx: BareClient) {
  const [last] = await submit(tx, [{ ...base("33699999999"), registered_delivery: 1, short_message: "last" }]);
  lastMts.add(last);
  await eventually(() => receiptsOf(tx).some((r) => r?.id === last), 10_000, "the last MT's receipt");
  return receiptsOf(tx).filter((r) => !lastMts.has(r?.id ?? ""));
}
const lastMts = new Set<string>();

describe("simulator receipts for the parts of a long MT", () => {
  it("by default sends one receipt per part, each with its part's id and outcome, for UDH and SAR messages", async () => {
    const { sim, tx } = await setup({ script: { "33600000001": [{ stat: "UNDELIV", errorCode: 1 }, { stat: "DELIVRD" }] } });
    const udh = await submit(tx, udhParts("33600000001", 7, 3));
    const sar = await submit(tx, sarParts("33600000002", 300, 2));
    const receipts = await receiptsSoFar(tx);
    expect(receipts.map((r) => r?.id)).toEqual([...udh, ...sar]);
    // The script of the number is used part by part, then the outcomes (all DELIVRD) again.
    expect(receipts.map((r) => r?.text.match(/stat:(\w+)/)?.[1])).toEqual([
      "UNDELIV",
      "DELIVRD",
      "DELIVRD",
      "DELIVRD",
      "DELIVRD",
    ]);
    expect(receipts[1]?.text.endsWith("text:part 2 of 3360000000")).toBe(true);
    await eventually(() => sim.stats().receiptsSent === 6, 10_000, "6 receipts acknowledged");
  });

  it("sends none for a long MT that asks for none, and follows the first part's registered_delivery 2 (failures only)", async () => {
    const { tx } = await setup({ outcomes: { DELIVRD: 1, UNDELIV: 1 } });
    await submit(tx, udhParts("33600000003", 8, 2, 0));
    const failuresOnly = await submit(tx, udhParts("33600000004", 9, 4, 2));
    // Outcomes alternate DELIVRD, UNDELIV over the parts that ask: parts 2 and 4 failed.
    expect((await receiptsSoFar(tx)).map((r) => r?.id)).toEqual([failuresOnly[1], failuresOnly[3]]);
  });

  it("with perPart false reports only the submit_sm whose own registered_delivery asks", async () => {
    const { sim, tx } = await setup({ perPart: false });
    const ids = await submit(tx, udhParts("33600000005", 10, 3));
    expect((await receiptsSoFar(tx)).map((r) => r?.id)).toEqual([ids[0]]);
    // Switched on at run time (setReceipts, as POST /faults {receipts} does): the next message is reported per part.
    sim.setReceipts({ perPart: true });
    const next = await submit(tx, udhParts("33600000005", 11, 2));
    expect((await receiptsSoFar(tx)).map((r) => r?.id)).toEqual([ids[0], ...next]);
  });
});
