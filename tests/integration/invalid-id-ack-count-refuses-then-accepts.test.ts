import { afterEach, describe, expect, it } from "vitest";
import type { Connector } from "@/lib/connector/service";
import { db } from "@/lib/db";
import { listUnmatchedReceipts } from "@/lib/receipts/unmatched";
import { COMMAND_STATUS } from "@/lib/smpp/codec/command-status";
import type { Simulator } from "@/simulator";
import { createSimAccount, eventually } from "../support/connector-test-kit";
import { frenchMobiles, startDelivery, submits, waitForStatus, withDispatcher } from "../support/delivery-test-kit";

// "Invalid ID acknowledge count" (issue 11): an SR whose id matches no MT. The simulator writes the receipt's id in
// decimal while its submit_sm_resp ids are hex, so no receipt matches; like an SMSC, it delivers a refused receipt
// again (after 1 s) until it is answered OK.
let sim: Simulator;
let connector: Connector;
withDispatcher((s, c) => {
  sim = s;
  connector = c;
});
afterEach(() => sim.setReceipts({ textIdFormat: "same" }));

/** The deliver_sm_resp statuses the ESME gave on the session that carried the submit_sm to `number`. */
function receiptAnswers(number: string): number[] {
  const submit = submits(sim.received).find((p) => p.fields.destination_addr === number.replace(/\D/g, ""));
  if (!submit) return [];
  return sim.received.filter((p) => p.session === submit.session && p.command === "deliver_sm_resp").map((p) => p.commandStatus);
}

async function unmatchedReceipt(accountId: string) {
  const rows = await db.statusReport.findMany({ where: { accountId } });
  expect(rows).toHaveLength(1);
  expect(rows[0].matched).toBe(false);
  return rows[0];
}

describe("Invalid ID acknowledge count", () => {
  it("N = 2: an unmatched SR is refused twice (ESME_RX_T_APPN), then answered OK and kept unmatched", async () => {
    const accountId = await createSimAccount(sim, { smsc: { invalidIdAckCount: 2 } });
    await connector.waitForState(accountId, "bound");
    sim.setReceipts({ textIdFormat: "decimal" });
    const [number] = frenchMobiles(1, 8100);
    await waitForStatus(await startDelivery(accountId, [number]), "finished");
    const answers = await eventually(
      () => {
        const a = receiptAnswers(number);
        return a.includes(0) ? a : null;
      },
      15_000,
      "the receipt to be answered OK",
    );
    expect(answers).toEqual([COMMAND_STATUS.ESME_RX_T_APPN, COMMAND_STATUS.ESME_RX_T_APPN, 0]);
    // One row for the three deliveries of the same receipt, in the unmatched list (page and API), with its refusals.
    expect((await unmatchedReceipt(accountId)).refusals).toBe(2);
    const { items } = await listUnmatchedReceipts({ accountId });
    expect(items.map((i) => i.refusals)).toEqual([2]);
  });

  it("N = 0 (default): the unmatched SR is stored and answered OK at once", async () => {
    const accountId = await createSimAccount(sim);
    await connector.waitForState(accountId, "bound");
    sim.setReceipts({ textIdFormat: "decimal" });
    const [number] = frenchMobiles(1, 8200);
    await waitForStatus(await startDelivery(accountId, [number]), "finished");
    const answers = await eventually(() => (receiptAnswers(number).length > 0 ? receiptAnswers(number) : null));
    expect(answers).toEqual([0]);
    expect((await unmatchedReceipt(accountId)).refusals).toBe(0);
  });
});
