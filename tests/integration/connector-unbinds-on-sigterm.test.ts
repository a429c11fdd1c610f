import { fork } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Simulator } from "@/simulator";
import { createSimAccount, eventually, startSim } from "../support/connector-test-kit";

let sim: Simulator;

beforeAll(async () => {
  sim = await startSim();
});

afterAll(async () => {
  await sim.stop();
});

describe("connector process shutdown", () => {
  it("unbinds every bind on SIGTERM, then the process exits", async () => {
    await createSimAccount(sim, { connection: { connections: 2 } });
    const child = fork(path.join(import.meta.dirname, "../support/connector-boot-child.ts"), [], {
      execArgv: ["--conditions=react-server", "--import", "tsx"],
      env: { ...process.env },
      stdio: ["ignore", "ignore", "inherit", "ipc"],
    });
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    try {
      await new Promise<void>((resolve, reject) => {
        child.once("message", () => resolve());
        child.once("exit", (code) => reject(new Error(`child exited early (${code})`)));
      });
      expect(sim.sessions().filter((s) => s.mode === "transceiver")).toHaveLength(2);
      child.kill("SIGTERM");
      const code = await exited;
      expect(code).toBe(143);
      expect(sim.received.filter((p) => p.command === "unbind")).toHaveLength(2);
      await eventually(() => sim.sessions().length === 0, 5000, "the simulator to see both connections closed");
    } finally {
      if (child.exitCode === null) child.kill("SIGKILL");
    }
  });
});
