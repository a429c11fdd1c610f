/** Starts the two processes of the MO / SR benches (SMSC side, connector side) and talks to them over IPC. */
import { fork, type ChildProcess } from "node:child_process";
import path from "node:path";

export type Child = {
  request<T>(message: unknown): Promise<T>;
  stop(): Promise<void>;
};

function start(file: string, args: string[], execArgv: string[]): Promise<{ child: Child; first: Record<string, unknown> }> {
  const proc: ChildProcess = fork(path.join(import.meta.dirname, file), args, { execArgv, stdio: ["ignore", "inherit", "inherit", "ipc"] });
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
export async function startInboundBench(smsc: "simulator" | "bare"): Promise<{ smsc: Child; connector: Child; stop(): Promise<void> }> {
  const s = await start("inbound-smsc-child.ts", [smsc], ["--import", "tsx"]);
  try {
    // BENCH_PROFILE_DIR=/tmp/x: a CPU profile of the connector process, to see where its time per PDU goes.
    const profile = process.env.BENCH_PROFILE_DIR ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`] : [];
    const c = await start("connector-child.ts", [String(s.first.port)], [...profile, "--conditions=react-server", "--import", "tsx"]);
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

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** CPU µs per item on each side, for the note. */
export function cpuNote(count: number, smscMs: number, connectorMs: number): string {
  return `CPU per PDU: SMSC side ${((smscMs * 1000) / count).toFixed(1)} µs, connector side ${((connectorMs * 1000) / count).toFixed(1)} µs`;
}
export type Counts = { inbound: number; reports: number; matched: number; partsDelivered: number; delivered: number };
