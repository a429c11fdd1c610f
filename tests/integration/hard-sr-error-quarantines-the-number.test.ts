import { describe, expect, it } from "vitest";
import type { Connector } from "@/lib/connector/service";
import { db } from "@/lib/db";
import { phoneKey } from "@/lib/smpp/codec/phone";
import type { Simulator } from "@/simulator";
import { createSimAccount, eventually } from "../support/connector-test-kit";
import { frenchMobiles, recipientStates, startDelivery, waitForStatus, withDispatcher } from "../support/delivery-test-kit";

let sim: Simulator;
let connector: Connector;
withDispatcher((s, c) => {
  sim = s;
  connector = c;
});

const errorTable = [
  { match: "SR * UNDELIV 015", type: "hard", reason: "Invalid destination" },
  { match: "SR * UNDELIV *", type: "soft", reason: "Undeliverable" },
];

async function failedReasons(deliveryId: string) {
  await eventually(async () => (await recipientStates(deliveryId)).failed === 2, 10_000, "2 recipients failed by their SR");
  return (await db.recipient.findMany({ where: { deliveryId }, orderBy: { id: "asc" } })).map((r) => r.reason);
}

describe("error qualification of status reports", () => {
  it("a hard SR error puts the number in quarantine with the reason, and a later delivery skips it", async () => {
    const accountId = await createSimAccount(sim, { smsc: { errorTable } });
    await connector.waitForState(accountId, "bound");
    const numbers = frenchMobiles(2, 5100);
    sim.setReceipts({ outcomes: { UNDELIV: 1 }, errorCode: 15 });
    try {
      const first = await startDelivery(accountId, numbers);
      await waitForStatus(first, "finished");
      const reasons = await failedReasons(first);
      expect(reasons).toEqual(Array(2).fill("SR Generic UNDELIV 015 (hard: Invalid destination)"));
    } finally {
      sim.setReceipts({ outcomes: { DELIVRD: 1 } });
    }
    const entries = await db.quarantine.findMany({ where: { number: { in: numbers.map(phoneKey) } } });
    expect(entries.map((e) => [e.number, e.shortCode, e.reason])).toEqual(
      numbers.map((n) => [phoneKey(n), "", "SR Generic UNDELIV 015 (hard: Invalid destination)"]),
    );

    const fresh = frenchMobiles(1, 5150);
    const second = await startDelivery(accountId, [...numbers, ...fresh]);
    const done = await waitForStatus(second, "finished");
    expect(done).toMatchObject({ total: 3, skipped: 2, sent: 1 });
    const submitted = sim.received.filter((p) => p.command === "submit_sm").map((p) => p.fields.destination_addr);
    expect(submitted.filter((to) => to === phoneKey(numbers[0]))).toHaveLength(1);
  });

  it("a soft error, and a hard one on an account that does not quarantine, leave the number sendable", async () => {
    const soft = await createSimAccount(sim, { smsc: { errorTable } });
    const noQuarantine = await createSimAccount(sim, { smsc: { errorTable, quarantineOnHardError: false } });
    await connector.waitForState(soft, "bound");
    await connector.waitForState(noQuarantine, "bound");
    const softNumbers = frenchMobiles(2, 5200);
    const hardNumbers = frenchMobiles(2, 5300);
    sim.setReceipts({ outcomes: { UNDELIV: 1 }, errorCode: 1 });
    try {
      // No retries: the soft error fails the number at once (retries: soft-errors-retried-then-delivered-or-failed).
      const d = await startDelivery(soft, softNumbers, undefined, { retryCount: 0 });
      await waitForStatus(d, "finished");
      expect(await failedReasons(d)).toEqual(Array(2).fill("SR Generic UNDELIV 001 (soft: Undeliverable)"));
    } finally {
      sim.setReceipts({ outcomes: { DELIVRD: 1 } });
    }
    sim.setReceipts({ outcomes: { UNDELIV: 1 }, errorCode: 15 });
    try {
      const d = await startDelivery(noQuarantine, hardNumbers);
      await waitForStatus(d, "finished");
      expect(await failedReasons(d)).toEqual(Array(2).fill("SR Generic UNDELIV 015 (hard: Invalid destination)"));
    } finally {
      sim.setReceipts({ outcomes: { DELIVRD: 1 } });
    }
    expect(await db.quarantine.count({ where: { number: { in: [...softNumbers, ...hardNumbers].map(phoneKey) } } })).toBe(0);
  });
});
