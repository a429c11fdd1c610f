import { fork, type ChildProcess } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cancelDelivery } from "@/lib/deliveries/repository";
import type { Simulator } from "@/simulator";
import { createSimAccount, eventually, startSim } from "../support/connector-test-kit";
import {
  frenchMobiles,
  progress,
  recipientStates,
  startDelivery,
  submits,
  unanswered,
  waitForStatus,
} from "../support/delivery-test-kit";

// The connector in a process of its own (as scripts/connector.ts runs it: change counters watched, the send journal
// on its thread) whose dispatcher would look for running deliveries only every 10 minutes: a delivery started here,
// and a cancel, reach it through the "deliveries" change counter (polled on SQLite, NOTIFY on PostgreSQL) or not at all.
let sim: Simulator;
let child: ChildProcess | null = null;

beforeAll(async () => {
  sim = await startSim();
});

afterAll(async () => {
  if (child && child.exitCode === null) {
    const exited = new Promise((r) => child!.once("exit", r));
    child.kill("SIGTERM");
    await exited;
  }
  await sim.stop();
});

async function startConnectorProcess(): Promise<void> {
  child = fork(path.join(import.meta.dirname, "../support/connector-boot-child.ts"), ["own-process", "600000"], {
    execArgv: ["--conditions=react-server", "--import", "tsx"],
    env: { ...process.env },
    stdio: ["ignore", "ignore", "inherit", "ipc"],
  });
  await new Promise<void>((resolve, reject) => {
    child!.once("message", () => resolve());
    child!.once("exit", (code) => reject(new Error(`connector exited early (${code})`)));
  });
}

describe("a delivery started or cancelled in another process", () => {
  it("is sent, and stops when cancelled, without waiting for the dispatcher's poll", async () => {
    const fast = await createSimAccount(sim);
    const slow = await createSimAccount(sim, { throughput: { mtPerSecond: 100, window: 10 } });
    await startConnectorProcess();
    // The dispatcher's first look (at start) is over: from now on only the change counter can wake it.
    await eventually(() => sim.sessions().length === 2, 10_000, "both accounts bound");

    const sent = await startDelivery(fast, frenchMobiles(300));
    const done = await waitForStatus(sent, "finished", 20_000);
    expect(done.sent).toBe(300);

    const cancelled = await startDelivery(slow, frenchMobiles(3000, 10_000));
    await sim.waitFor((p) => p.command === "submit_sm", { count: 300 + 50, timeoutMs: 20_000 });
    expect(await cancelDelivery(cancelled)).toEqual({ ok: true });
    // Stopped: what was claimed but not sent goes back to pending, nothing stays on the wire (at 100 MT/s the 3,000
    // would take 30 s to go out if the connector never heard of the cancel).
    const states = await eventually(
      async () => {
        const s = await recipientStates(cancelled);
        return (await unanswered(cancelled)) === 0 && (s.pending ?? 0) > 0 ? s : null;
      },
      10_000,
      "the cancelled delivery's claims released",
    );
    const p = await progress(cancelled);
    expect(p.status).toBe("cancelled");
    expect(states.pending).toBe(3000 - p.sent);
    expect(submits(sim.received).length).toBe(300 + p.sent);
  });
});
