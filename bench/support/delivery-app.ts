/** Starts bench/support/delivery-app-child.ts (connector + dispatcher on a temporary SQLite file) and talks to it over IPC. */
import { fork } from "node:child_process";
import path from "node:path";

export type DeliveryRunRequest = {
  port: number;
  mtPerSecond: number;
  window: number;
  connections: number;
  count: number;
  csv: boolean;
};
export type DeliveryRunResult = {
  importMs: number;
  sendMs: number;
  /** CPU time (user + system) of the app process while sending. */
  sendCpuMs: number;
  status: string;
  total: number;
  processed: number;
  sent: number;
  /** Delivery.rateSamples: [[epochSecond, widthSeconds, count], ...]. */
  rate: string;
};

/** BENCH_APP_ARGS: extra node flags for the app process (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`). */
export async function startDeliveryApp(): Promise<{
  run(r: DeliveryRunRequest): Promise<DeliveryRunResult>;
  stop(): Promise<void>;
}> {
  const proc = fork(path.join(import.meta.dirname, "delivery-app-child.ts"), [], {
    execArgv: [
      "--conditions=react-server",
      "--import",
      "tsx",
      ...(process.env.BENCH_APP_ARGS ? process.env.BENCH_APP_ARGS.split(" ") : []),
    ],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const exited = new Promise<void>((resolve) => proc.once("exit", () => resolve()));
  await new Promise<void>((resolve, reject) => {
    proc.once("error", reject);
    proc.once("exit", (code) => reject(new Error(`delivery app exited early (${code})`)));
    proc.once("message", () => resolve());
  });
  return {
    run: (r) =>
      new Promise((resolve, reject) => {
        const onExit = (code: number | null) => reject(new Error(`delivery app exited (${code})`));
        proc.once("exit", onExit);
        proc.once("message", (m: DeliveryRunResult | { error: string }) => {
          proc.off("exit", onExit);
          if ("error" in m) reject(new Error(m.error));
          else resolve(m);
        });
        proc.send({ cmd: "run", ...r });
      }),
    stop: async () => {
      if (proc.connected) proc.send("stop");
      const timer = setTimeout(() => proc.kill("SIGKILL"), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
