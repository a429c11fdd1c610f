import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { COMMAND_STATUS } from "@/lib/smpp/codec/command-status";
import { closeWriter } from "@/lib/storage/writer";
import type { Simulator } from "@/simulator";
import { startConnectorProcess, type Proc } from "../support/processes";
import { createSimAccount, eventually, startSim } from "../support/connector-test-kit";
import { frenchMobiles, progress, startDelivery, submits, waitForStatus } from "../support/delivery-test-kit";

// Issue 11: a submit_sm refused with a soft status (ESME_RSUBMITFAIL) waits for its retry in the database, not in the
// connector's memory. The connector runs in its own process (scripts/connector.ts) and is killed with SIGKILL while
// the recipient waits; the next connector sends it again after its retryAt, as a retry rather than as a resend of an
// unanswered submit_sm (not possibly duplicated: the SMSC never accepted it).
let sim: Simulator;
const procs: Proc[] = [];

beforeAll(async () => {
  sim = await startSim();
});

afterAll(async () => {
  for (const p of procs) p.child.kill("SIGKILL");
  await Promise.all(procs.map((p) => p.exited));
  await sim.stop();
  await closeWriter();
});

async function connectorProcess(): Promise<Proc> {
  const p = startConnectorProcess();
  procs.push(p);
  await p.waitFor(/\[connector\] started/);
  return p;
}

const digits = (n: string) => n.replace(/\D/g, "");
const RETRY_PERIOD_S = 5;

describe("a soft refusal waiting for its retry", () => {
  it("survives a kill -9 of the connector: sent again after retryAt, not possibly duplicated, delivered", async () => {
    let child = await connectorProcess();
    const accountId = await createSimAccount(sim);
    const [refused, fine] = frenchMobiles(2, 9700);
    sim.setFaults({ refuseSubmits: { [digits(refused)]: [COMMAND_STATUS.ESME_RSUBMITFAIL] } });
    const id = await startDelivery(accountId, [refused, fine], "Refused once", {
      retryCount: 2,
      retryPeriodSeconds: RETRY_PERIOD_S,
    });
    const sentTo = (n: string) => submits(sim.received).filter((p) => p.fields.destination_addr === digits(n));
    const row = () =>
      db.recipient.findFirstOrThrow({ where: { deliveryId: id, number: { contains: digits(refused).slice(-8) } } });

    // The refusal is on the recipient row at once: state "retry" with its retryAt, the retry counted.
    const waiting = await eventually(
      async () => {
        const r = await row();
        return r.state === "retry" ? r : null;
      },
      20_000,
      "the refused recipient in state retry",
    );
    expect(sentTo(refused)).toHaveLength(1);
    const firstTry = sentTo(refused)[0].at;
    expect(waiting).toMatchObject({
      retries: 1,
      possiblyDuplicated: false,
      errorCode: "0x00000045",
      reason: "SR Generic ESME_RSUBMITFAIL 0x00000045 (soft: submit_sm failed): retry 1 of 2",
    });
    const retryAt = waiting.retryAt!.getTime();
    expect(retryAt).toBeGreaterThanOrEqual(firstTry + RETRY_PERIOD_S * 1000 - 1000);
    expect(retryAt).toBeLessThanOrEqual(firstTry + RETRY_PERIOD_S * 1000 + 1000);
    const meanwhile = await progress(id);
    expect(meanwhile).toMatchObject({ status: "running", possiblyDuplicated: 0 });
    expect(meanwhile.errors).toMatchObject({ retried: 1, waitingRetry: 1 });

    // kill -9 while it waits (the test proves nothing if the retry was already due).
    child.child.kill("SIGKILL");
    await child.exited;
    expect(Date.now()).toBeLessThan(retryAt);
    expect(await row()).toMatchObject({ state: "retry", possiblyDuplicated: false });

    child = await connectorProcess();
    const done = await waitForStatus(id, "finished", 30_000);
    const again = sentTo(refused);
    expect(again).toHaveLength(2);
    expect(again[1].at).toBeGreaterThanOrEqual(retryAt);
    expect(sentTo(fine)).toHaveLength(1);
    expect(done).toMatchObject({ total: 2, processed: 2, sent: 2, failed: 0, bouncesAndErrors: 0, possiblyDuplicated: 0 });
    const delivered = await eventually(
      async () => {
        const r = await row();
        return r.state === "delivered" ? r : null;
      },
      20_000,
      "the retried recipient delivered",
    );
    expect(delivered).toMatchObject({ retries: 1, possiblyDuplicated: false });
    expect((await progress(id)).errors).toMatchObject({ retried: 1, waitingRetry: 0 });
    await child.stop();
  }, 120_000);
});
