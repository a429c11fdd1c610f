import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getAccount, setAccountEnabled } from "@/lib/accounts/repository";
import { readBindHistory, readBindWarnings } from "@/lib/bind-state/history";
import { BindStatePublisher } from "@/lib/bind-state/publish";
import type { Connector } from "@/lib/connector/service";
import { flushSubmitLatency } from "@/lib/metrics/submit-latency";
import { getWriter } from "@/lib/storage/writer";
import type { Simulator } from "@/simulator";
import { createSimAccount, eventually } from "../support/connector-test-kit";
import { frenchMobiles, startDelivery, submits, waitForStatus, withDispatcher } from "../support/delivery-test-kit";

// The account page's bind history and warnings from what really happened between the connector and the simulator:
// connections dropped by the SMSC, receipts for ids we never sent, submit_sm left unanswered past the MT expiration.
let sim: Simulator;
let connector: Connector;
let publisher: BindStatePublisher;
withDispatcher((s, c) => {
  sim = s;
  connector = c;
});
beforeAll(async () => {
  publisher = new BindStatePublisher(connector, { writer: getWriter(), heartbeatMs: 200, log: () => undefined });
  await publisher.start();
});
afterAll(() => publisher.stop());

const warningsOf = async (id: string) => readBindWarnings((await getAccount(id))!);
const codesOf = async (id: string) => (await warningsOf(id)).map((w) => w.code);

describe("bind history and warnings", () => {
  it("a connection the SMSC drops twice shows in the history with its duration, and warns of re-binds and a short connection", async () => {
    const id = await createSimAccount(sim);
    await connector.waitForState(id, "bound");
    await eventually(async () => (await readBindHistory(id, 1)).total === 1, 5000, "the first bound event");
    expect(await codesOf(id)).toEqual([]);

    for (let i = 0; i < 2; i++) {
      const before = (await readBindHistory(id, 1)).total;
      sim.dropConnections();
      // dropped, then bound again after reconnectDelay (1 s)
      await eventually(async () => (await readBindHistory(id, 1)).total >= before + 2, 15_000, `re-bind ${i + 1}`);
      await connector.waitForState(id, "bound");
    }
    const history = await readBindHistory(id, 1);
    expect(history.rows.map((r) => r.kind)).toEqual(["bound", "dropped", "bound", "dropped", "bound"]);
    const dropped = history.rows[1];
    expect(dropped).toMatchObject({ role: "transceiver", connectionIndex: 0, nodeId: publisher.nodeId });
    expect(dropped.durationMs).toBeGreaterThanOrEqual(0);
    expect(dropped.durationMs).toBeLessThan(3600_000);
    expect(dropped.cause).toBeTruthy();

    const warnings = await warningsOf(id);
    expect(warnings.map((w) => w.code)).toEqual(["rebinds", "shortConnection"]);
    expect(warnings[0].message).toMatch(/^2 re-binds in the last hour on transceiver 1/);

    // Paged newest first: 2 per page gives 3 pages, the last holding the first bind.
    const last = await readBindHistory(id, 99, 2);
    expect(last).toMatchObject({ page: 3, pages: 3, total: 5 });
    expect(last.rows.map((r) => r.kind)).toEqual(["bound"]);
    await setAccountEnabled(id, false, "test");
    await connector.waitForState(id, "disabled");
  });

  it("receipts for ids that were never sent bring the SR matching under 95 %", async () => {
    const id = await createSimAccount(sim);
    await connector.waitForState(id, "bound");
    expect(await codesOf(id)).not.toContain("srMatching");
    // The only account bound now (the first test's is disabled): the simulator sends the receipts to it.
    for (const messageId of ["never-1", "never-2"]) {
      const r = await sim.pushReceipt({ messageId });
      expect(r.statusName).toMatch(/^ESME_ROK/);
    }
    const w = await eventually(async () => (await warningsOf(id)).find((x) => x.code === "srMatching"), 5000, "the warning");
    expect(w.message).toContain("Only 0 %");
    await setAccountEnabled(id, false, "test");
    await connector.waitForState(id, "disabled");
  });

  it("submit_sm left unanswered past the MT expiration warn that the SMSC answers slower than it", async () => {
    const id = await createSimAccount(sim, { throughput: { mtTimeout: 1, window: 2 } });
    await connector.waitForState(id, "bound");
    sim.setFaults({ stallSubmits: true });
    const before = submits(sim.received).length;
    const delivery = await startDelivery(id, frenchMobiles(2, 90_000));
    // Each of the two goes out, times out after 1 s and goes out again.
    await eventually(() => submits(sim.received).length >= before + 4, 15_000, "resends");
    sim.setFaults({ stallSubmits: false });
    await waitForStatus(delivery, "finished");
    await flushSubmitLatency();
    expect(await codesOf(id)).toContain("slowSubmitResp");
  });
});
