// Real child processes for the two-process tests: the connector (scripts/connector.ts) on this test file's
// database, and `npm start` itself. Output is kept so that a test can read pids and logs and show them on failure.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "../..");

export type Proc = {
  child: ChildProcess;
  output: () => string;
  /** Resolves with the first match of `re` in the output (rejects at the deadline or when the process exits). */
  waitFor: (re: RegExp, timeoutMs?: number) => Promise<RegExpMatchArray>;
  /** SIGTERM and wait for the exit (SIGKILL after `graceMs`); resolves with the exit code. */
  stop: (graceMs?: number) => Promise<number | null>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
};

export function startProcess(command: string, args: string[], env: NodeJS.ProcessEnv): Proc {
  const child = spawn(command, args, { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  const listeners = new Set<() => void>();
  const onData = (d: Buffer) => {
    out += d.toString();
    if (out.length > 2_000_000) out = out.slice(-1_000_000);
    for (const l of listeners) l();
  };
  child.stdout!.on("data", onData);
  child.stderr!.on("data", onData);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => {
      for (const l of listeners) l();
      resolve({ code, signal });
    }),
  );
  const waitFor = (re: RegExp, timeoutMs = 60_000) =>
    new Promise<RegExpMatchArray>((resolve, reject) => {
      const check = () => {
        const m = out.match(re);
        if (m) {
          done();
          resolve(m);
        } else if (child.exitCode !== null || child.signalCode !== null) {
          done();
          reject(new Error(`process exited before ${re}:\n${out.slice(-4000)}`));
        }
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`no ${re} within ${timeoutMs} ms:\n${out.slice(-4000)}`));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        listeners.delete(check);
      };
      listeners.add(check);
      check();
    });
  const stop = async (graceMs = 15_000) => {
    if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
    child.kill("SIGTERM");
    const t = setTimeout(() => child.kill("SIGKILL"), graceMs);
    const r = await exited;
    clearTimeout(t);
    return r.code;
  };
  return { child, output: () => out, waitFor, stop, exited };
}

/** `npm run connector` as `npm start` runs it, on the calling test file's DATABASE_URL (migrated by the setup). */
export function startConnectorProcess(env: Record<string, string> = {}): Proc {
  return startProcess(process.execPath, ["--conditions=react-server", "--import", "tsx", path.join("scripts", "connector.ts")], {
    ...process.env,
    SMS_DB_PREPARED: "1",
    ...env,
  });
}
