import { spawn, type ChildProcess } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeWriter } from "@/lib/storage/writer";
import type { Simulator } from "@/simulator";
import { createSimAccount, eventually, startSim } from "../support/connector-test-kit";
import { frenchMobiles, progress, startDelivery, submits, unanswered, waitForStatus } from "../support/delivery-test-kit";

// The dispatcher runs in a real child process (tsx), stopped with SIGTERM then killed with SIGKILL mid-delivery,
// and started again on the same SQLite file; the simulator (here) sees every submit_sm of all three lives.
let sim: Simulator;
const children = new Set<ChildProcess>();

function startChild(): Promise<ChildProcess> {
  // node itself with tsx as a loader (not the tsx CLI, which would run node as a grandchild that a SIGKILL misses).
  const child = spawn(
    process.execPath,
    ["--import", "tsx", "--conditions=react-server", "tests/support/delivery-dispatcher-child.ts"],
    {
      env: process.env,
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  children.add(child);
  child.on("exit", () => children.delete(child));
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (b: Buffer) => {
      out += b.toString();
      if (out.includes("ready")) resolve(child);
    });
    child.stderr!.on("data", (b: Buffer) => (out += b.toString()));
    child.on("exit", (code) => reject(new Error(`child exited (${code}) before ready: ${out}`)));
  });
}

const exited = (child: ChildProcess) =>
  new Promise<number | null>((r) =>
    child.exitCode !== null || child.signalCode !== null ? r(child.exitCode) : child.once("exit", (c) => r(c)),
  );

beforeAll(async () => {
  sim = await startSim();
});

afterAll(async () => {
  for (const c of children) c.kill("SIGKILL");
  await sim.stop();
  await closeWriter();
});

describe("stopping the app mid-delivery", () => {
  it("resumes after SIGTERM and after kill -9; only submit_sm left unanswered by the kill can reach a handset twice, and they are counted", async () => {
    const accountId = await createSimAccount(sim, { throughput: { mtPerSecond: 300, window: 10 } });
    const numbers = frenchMobiles(2500, 60_000);
    const id = await startDelivery(accountId, numbers);

    // 1. SIGTERM: a clean stop puts nothing on the wire for good.
    let child = await startChild();
    await sim.waitFor((p) => p.command === "submit_sm", { count: 300, timeoutMs: 30_000 });
    child.kill("SIGTERM");
    expect(await exited(child)).toBe(0);
    expect(await unanswered(id)).toBe(0);
    expect((await progress(id)).possiblyDuplicated).toBe(0);
    const afterTerm = submits(sim.received).length;

    // 2. kill -9 in full flight.
    child = await startChild();
    await sim.waitFor((p) => p.command === "submit_sm", { count: afterTerm + 500, timeoutMs: 30_000 });
    child.kill("SIGKILL");
    await exited(child);
    const wireAtKill = await unanswered(id);
    expect(wireAtKill).toBeGreaterThan(0);
    expect((await progress(id)).status).toBe("running");

    // 3. Started again: it finishes the job.
    child = await startChild();
    const done = await waitForStatus(id, "finished", 60_000);
    child.kill("SIGTERM");
    await exited(child);

    expect(done).toMatchObject({ total: 2500, processed: 2500, sent: 2500, failed: 0, possiblyDuplicated: wireAtKill });
    const perNumber = new Map<string, number>();
    for (const p of submits(sim.received))
      perNumber.set(String(p.fields.destination_addr), (perNumber.get(String(p.fields.destination_addr)) ?? 0) + 1);
    expect(numbers.every((n) => (perNumber.get(n.slice(1)) ?? 0) >= 1)).toBe(true);
    const twice = [...perNumber.values()].filter((c) => c > 1).length;
    expect(twice).toBeLessThanOrEqual(wireAtKill);
    expect([...perNumber.values()].every((c) => c <= 2)).toBe(true);
    await eventually(async () => (await progress(id)).delivered === 2500, 20_000, "every SR matched");
  }, 120_000);
});
