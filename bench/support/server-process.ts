/** Starts bench/support/smsc-child.ts in a child process and returns its port. */
import { fork } from "node:child_process";
import path from "node:path";

export type ServerProcess = {
  port: number;
  /** The server's process id (its CPU can be read from /proc without asking it). */
  pid: number;
  /** CPU time (user + system, µs) the server process has used so far. */
  cpu(): Promise<number>;
  /** The bare server's submit_sm since the last call: first and last arrival (ms since the epoch) and count. */
  wire(): Promise<Wire>;
  stop(): Promise<void>;
};

export type Wire = { first: number | null; last: number | null; count: number };

export function startServerProcess(kind: "bare" | "simulator"): Promise<ServerProcess> {
  const child = fork(path.join(import.meta.dirname, "smsc-child.ts"), [kind], {
    execArgv: ["--import", "tsx"],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const ask = <T>(what: "cpu" | "wire") =>
    new Promise<T>((res) => {
      const onMessage = (r: Record<string, unknown>) => {
        if (!(what in r)) return;
        child.off("message", onMessage);
        res(r[what] as T);
      };
      child.on("message", onMessage);
      child.send(what);
    });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`${kind} server exited early (${code})`)));
    child.once("message", (m: { port: number }) =>
      resolve({
        port: m.port,
        pid: child.pid!,
        cpu: () => ask<number>("cpu"),
        wire: () => ask<Wire>("wire"),
        stop: async () => {
          if (child.connected) child.send("stop");
          const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
          await exited;
          clearTimeout(timer);
        },
      }),
    );
  });
}
