/**
 * A child process kept running by `npm start`: started again when it dies (after 1 s, doubling up to 30 s while it
 * keeps dying young; back to 1 s once it has run for a minute), each exit and restart logged. Children get their own
 * process group, so a Ctrl-C in the terminal reaches `npm start` only, which stops them in order (the connector
 * unbinds before the simulator goes).
 */
import { spawn, type ChildProcess } from "node:child_process";

export type ChildSpec = {
  name: string;
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  /** Grace after SIGTERM before SIGKILL, ms. */
  stopTimeoutMs?: number;
};

const FIRST_DELAY_MS = 1000;
const MAX_DELAY_MS = 30_000;
const HEALTHY_AFTER_MS = 60_000;

export class SupervisedChild {
  private child: ChildProcess | null = null;
  private stopping = false;
  private delayMs = FIRST_DELAY_MS;
  private restartTimer: NodeJS.Timeout | null = null;
  private startedAt = 0;
  /** Starts of this child so far (1 after the first). */
  starts = 0;

  constructor(
    readonly spec: ChildSpec,
    private readonly log: (message: string) => void = (m) => console.log(m),
  ) {}

  get name(): string {
    return this.spec.name;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** The running process (null while it is restarting or once stopped). */
  get process(): ChildProcess | null {
    return this.child;
  }

  start(): ChildProcess {
    const child = spawn(this.spec.command, this.spec.args, {
      stdio: ["ignore", "inherit", "inherit"],
      env: this.spec.env,
      detached: true,
    });
    this.child = child;
    this.starts++;
    this.startedAt = Date.now();
    this.log(`[start] ${this.spec.name} started (pid ${child.pid})`);
    child.on("error", (e) => this.log(`[start] ${this.spec.name}: ${e.message}`));
    child.on("exit", (code, signal) => {
      if (this.child === child) this.child = null;
      if (this.stopping) return;
      const lived = Date.now() - this.startedAt;
      if (lived >= HEALTHY_AFTER_MS) this.delayMs = FIRST_DELAY_MS;
      const how = signal ? `killed by ${signal}` : `exited with code ${code}`;
      this.log(
        `[start] ${this.spec.name} (pid ${child.pid}) ${how} after ${Math.round(lived / 1000)} s; restarting in ${this.delayMs} ms`,
      );
      this.restartTimer = setTimeout(() => {
        this.restartTimer = null;
        if (!this.stopping) this.start();
      }, this.delayMs);
      this.delayMs = Math.min(MAX_DELAY_MS, this.delayMs * 2);
    });
    return child;
  }

  /** SIGTERM, then SIGKILL after the grace; resolves once the process has exited. No restart after this. */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    child.kill("SIGTERM");
    const grace = setTimeout(() => {
      this.log(`[start] ${this.spec.name} did not stop within ${this.spec.stopTimeoutMs ?? 10_000} ms: SIGKILL`);
      child.kill("SIGKILL");
    }, this.spec.stopTimeoutMs ?? 10_000);
    await exited;
    clearTimeout(grace);
  }
}
