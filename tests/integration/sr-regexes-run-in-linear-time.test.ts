import { fork, type ChildProcess } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import type { Simulator } from "@/simulator";
import { createSimAccount, startSim } from "../support/connector-test-kit";
import { frenchMobiles, progress, startDelivery, waitForStatus } from "../support/delivery-test-kit";

// Issue 9: an SR regex with a nested quantifier and one receipt that it refuses blocked the connector's event loop
// for hours on a backtracking engine. The connector runs in a child process here, so that a hang is a failed
// deliver_sm_resp wait in this process rather than a frozen test run.
const SR_ID_REGEX = String.raw`id:((?:[0-9A-Fa-f]+)+)\s`; // the simulator's hex ids, followed by " sub:"
const SR_SUCCESS_REGEX = "^(?:(D+)+)ELIV";

let sim: Simulator;
let child: ChildProcess;
let accountId: string;

beforeAll(async () => {
  sim = await startSim();
  accountId = await createSimAccount(sim, {
    channel: { realtimeKpi: true },
    smsc: { srIdRegex: SR_ID_REGEX, srSuccessRegex: SR_SUCCESS_REGEX },
  });
  child = fork(path.join(import.meta.dirname, "../support/connector-boot-child.ts"), [], {
    execArgv: ["--conditions=react-server", "--import", "tsx"],
    env: { ...process.env },
    stdio: ["ignore", "ignore", "inherit", "ipc"],
  });
  await new Promise<void>((resolve, reject) => {
    child.once("message", () => resolve());
    child.once("exit", (code) => reject(new Error(`connector exited early (${code})`)));
  });
});

afterAll(async () => {
  if (child.exitCode === null) {
    const exited = new Promise((r) => child.once("exit", r));
    child.kill("SIGKILL");
    await exited;
  }
  await sim.stop();
});

describe("SR regexes on the linear-time engine, through the simulator", () => {
  it("read the simulator's receipts with a custom nested-quantifier regex: every MT is delivered", async () => {
    const id = await startDelivery(accountId, frenchMobiles(3, 9100));
    await waitForStatus(id, "finished");
    await expect.poll(async () => (await progress(id)).delivered, { timeout: 15_000 }).toBe(3);
  });

  it("answer a receipt whose 40-character id the regex refuses, and keep reading the next ones", async () => {
    const badId = `${"a".repeat(40)}!`;
    const r = await sim.pushReceipt({ messageId: badId, stat: "DELIVRD", responseTimeoutMs: 15_000 });
    expect(r.status).toBe(0);
    // The text's id is refused by the regex; the receipted_message_id TLV gives it, and no MT has it.
    const stored = await db.statusReport.findMany({ where: { accountId, messageId: badId } });
    expect(stored).toMatchObject([{ matched: false, verdict: "delivered" }]);

    const id = await startDelivery(accountId, frenchMobiles(2, 9200));
    await waitForStatus(id, "finished");
    await expect.poll(async () => (await progress(id)).delivered, { timeout: 15_000 }).toBe(2);
  });
});
