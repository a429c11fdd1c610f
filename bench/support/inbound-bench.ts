/** Starts the two processes of the MO / SR benches (SMSC side, connector side) and talks to them over IPC. */
import { fork, type ChildProcess } from "node:child_process";
import path from "node:path";
import type { BenchRow } from "../types";
import { median } from "./median";

export type Child = {
  request<T>(message: unknown): Promise<T>;
  stop(): Promise<void>;
};

/** Forks `bench/support/<file>` and resolves with its first IPC message (e.g. `{port}`). */
export function startChild(
  file: string,
  args: string[],
  execArgv: string[],
): Promise<{ child: Child; first: Record<string, unknown> }> {
  const proc: ChildProcess = fork(path.join(import.meta.dirname, file), args, {
    execArgv,
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const exited = new Promise<void>((resolve) => proc.once("exit", () => resolve()));
  const child: Child = {
    request: <T>(message: unknown) =>
      new Promise<T>((resolve, reject) => {
        const onExit = (code: number | null) => reject(new Error(`${file} exited (${code})`));
        proc.once("exit", onExit);
        proc.once("message", (m) => {
          proc.off("exit", onExit);
          resolve(m as T);
        });
        proc.send(message as never);
      }),
    stop: async () => {
      if (proc.connected) proc.send("stop");
      const timer = setTimeout(() => proc.kill("SIGKILL"), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
  return new Promise((resolve, reject) => {
    proc.once("error", reject);
    const early = (code: number | null) => reject(new Error(`${file} exited early (${code})`));
    proc.once("exit", early);
    proc.once("message", (m: Record<string, unknown>) => {
      proc.off("exit", early);
      resolve({ child, first: m });
    });
  });
}

/** The SMSC child ("simulator" or "bare") and the connector child bound to it. */
export async function startInboundBench(
  smsc: "simulator" | "bare",
): Promise<{ smsc: Child; connector: Child; stop(): Promise<void> }> {
  const s = await startChild("inbound-smsc-child.ts", [smsc], ["--import", "tsx"]);
  try {
    // BENCH_PROFILE_DIR=/tmp/x: a CPU profile of the connector process, to see where its time per PDU goes.
    const profile = process.env.BENCH_PROFILE_DIR ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`] : [];
    const c = await startChild(
      "connector-child.ts",
      [String(s.first.port)],
      [...profile, "--conditions=react-server", "--import", "tsx"],
    );
    return {
      smsc: s.child,
      connector: c.child,
      stop: async () => {
        await c.child.stop();
        await s.child.stop();
      },
    };
  } catch (e) {
    await s.child.stop();
    throw e;
  }
}

export type PushResult = { ms: number; acked: number; refused: number; cpuMs: number };

/** Round sizes shared by the MO and SR benches: a warm-up push, then 3 timed rounds (smaller with --quick). */
export function roundSizes(quick: boolean): { perRound: number; rounds: number; warmup: number } {
  return { perRound: quick ? 3_000 : 40_000, rounds: 3, warmup: quick ? 1_000 : 5_000 };
}

export type Rounds = { rates: number[]; acked: number; smscCpu: number; connectorCpu: number };

/**
 * Runs `rounds` pushes of `perRound` PDUs (`push(round)` is the SMSC child's command) and sums what they report;
 * each round's rate is PDUs acknowledged per second, and the connector's CPU is read around each round.
 */
export async function pushRounds(
  bench: { smsc: Child; connector: Child },
  sizes: { perRound: number; rounds: number },
  log: (line: string) => void,
  push: (round: number) => Record<string, unknown>,
): Promise<Rounds> {
  const out: Rounds = { rates: [], acked: 0, smscCpu: 0, connectorCpu: 0 };
  for (let round = 0; round < sizes.rounds; round++) {
    log(`round ${round + 1}/${sizes.rounds}, ${sizes.perRound} PDUs, window 100`);
    const cpu0 = await bench.connector.request<{ cpuMs: number }>({ cmd: "cpu" });
    const r = await bench.smsc.request<PushResult>({ ...push(round), count: sizes.perRound, window: 100 });
    const cpu1 = await bench.connector.request<{ cpuMs: number }>({ cmd: "cpu" });
    out.rates.push(Math.round(sizes.perRound / (r.ms / 1000)));
    out.acked += r.acked;
    out.smscCpu += r.cpuMs;
    out.connectorCpu += cpu1.cpuMs - cpu0.cpuMs;
  }
  return out;
}

/** CPU µs per item on each side, for the note. */
function cpuNote(count: number, smscMs: number, connectorMs: number): string {
  return `CPU per PDU: SMSC side ${((smscMs * 1000) / count).toFixed(1)} µs, connector side ${((connectorMs * 1000) / count).toFixed(1)} µs`;
}

const n = (x: number) => x.toLocaleString("en");

/**
 * The row of an inbound bench: the median of its rounds against the 10,000/s, with each round, what was
 * counted in the tables afterwards (`counted`) and the CPU per PDU on each side.
 */
export function inboundRateRow(
  what: { metric: string; unit: string; counted: string },
  sizes: { perRound: number; rounds: number },
  { rates, smscCpu, connectorCpu }: Rounds,
): BenchRow {
  const rate = median(rates);
  return {
    metric: what.metric,
    value: rate,
    unit: what.unit,
    goal: "≥ 10,000/s",
    ok: rate >= 10_000,
    note: `median of ${sizes.rounds} rounds of ${n(sizes.perRound)} (${rates.map(n).join(", ")}); ${what.counted}; ${cpuNote(sizes.perRound * sizes.rounds, smscCpu, connectorCpu)}`,
  };
}
export type Counts = { inbound: number; reports: number; matched: number; partsDelivered: number; delivered: number };
