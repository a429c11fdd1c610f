/**
 * The real app for the benches: `npm start`'s script (scripts/start.ts: prepare the database, seed, `next start` on
 * the production build) on a temporary SQLite file, without the simulator, plus an API token of its admin.
 * `rssMB()` reads the web server's process tree (`next start` and its children), `connectorRssMB()` the connector's
 * (scripts/connector.ts, a sibling since the two-process split; 0 with CONNECTOR=in-process); not the launcher.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { commandLine, cpuMsOf, descendants, rssKB, runQueueWaitMs } from "./proc";

const APP_ROOT = path.join(import.meta.dirname, "..", "..");

export type AppServer = {
  url: string;
  token: string;
  dataDir: string;
  /** RSS in MB of the app's server process tree (next start and its children), summed. */
  rssMB(): number;
  /** RSS in MB of the connector process (0 when it runs inside the web server). */
  connectorRssMB(): number;
  /**
   * CPU time in ms used so far by the web server's process tree and by the connector's (user + system);
   * `connectorLoop`: the connector's main thread alone (its event loop: binds, dispatch), not its worker threads;
   * `connectorLoopWait`: the time that thread was ready to run but waited for a core (schedstat), ms.
   */
  cpuMs(): { web: number; connector: number; connectorLoop: number; connectorLoopWait: number };
  api<T>(method: string, route: string, body?: unknown | FormData): Promise<T>;
  /** Waits until the account's bind is bound, as its status API says (the connector process publishes it). */
  waitBound(accountId: string, timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
};

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

/**
 * `env`: more environment for the app (e.g. APP_HEAP_MB). `root`: another checkout of the app to run instead of this
 * one (its own node_modules and build; built when it has none), to compare two versions side by side in one run.
 */
export async function startAppServer(opts: {
  build: boolean;
  log: (m: string) => void;
  env?: Record<string, string>;
  root?: string;
}): Promise<AppServer> {
  const root = opts.root ?? APP_ROOT;
  if (opts.build || !fs.existsSync(path.join(root, ".next", "BUILD_ID"))) {
    opts.log("app: next build");
    const b = spawnSync(path.join(root, "node_modules", ".bin", "next"), ["build"], {
      cwd: root,
      stdio: ["ignore", "ignore", "inherit"],
    });
    if (b.status !== 0) throw new Error("next build failed");
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-app-"));
  const port = await freePort();
  const email = "bench@example.test";
  const env = {
    ...process.env,
    PORT: String(port),
    DATA_DIR: dataDir,
    DATABASE_URL: `file:${path.join(dataDir, "app.db")}`,
    ADMIN_EMAIL: email,
    ADMIN_PASSWORD: "bench-admin-password",
    SMSC_SIMULATOR: "off",
    APP_SECRET: "bench-secret-not-for-production",
    ...opts.env,
  };
  const launcher: ChildProcess = spawn(
    path.join(root, "node_modules", ".bin", "tsx"),
    ["--conditions=react-server", "scripts/start.ts"],
    {
      cwd: root,
      env,
      // BENCH_APP_LOG=<file>: the app's stdout (e.g. with NODE_OPTIONS=--trace-gc) goes there instead of nowhere.
      stdio: ["ignore", process.env.BENCH_APP_LOG ? fs.openSync(process.env.BENCH_APP_LOG, "w") : "ignore", "inherit"],
      detached: true,
    },
  );
  const exited = new Promise<void>((resolve) => launcher.once("exit", () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (launcher.exitCode !== null) throw new Error(`app exited early (${launcher.exitCode})`);
    try {
      const r = await fetch(`${url}/api/health`);
      if (r.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error("app did not answer /api/health within 120 s");
    await new Promise((r) => setTimeout(r, 250));
  }
  const t = spawnSync(
    path.join(root, "node_modules", ".bin", "tsx"),
    ["--conditions=react-server", "scripts/admin.ts", "create-token", "--email", email, "--name", "bench"],
    { cwd: root, env, encoding: "utf8" },
  );
  if (t.status !== 0) throw new Error(`create-token: ${t.stderr}`);
  const token = t.stdout.trim();

  // The server: the process running next (its launcher, scripts/start.ts under tsx, is not the app).
  const serverPids = () => {
    const all = descendants(launcher.pid!);
    const next = all.find((p) => /node_modules\/\.bin\/next start|next\/dist\/bin\/next start|next-server/.test(commandLine(p)));
    if (!next) throw new Error(`no next start process under ${launcher.pid}: ${all.map((p) => commandLine(p)).join(" | ")}`);
    return [next, ...descendants(next)];
  };
  const connectorPids = () => {
    const connector = descendants(launcher.pid!).find((p) => /scripts\/connector\.ts/.test(commandLine(p)));
    return connector === undefined ? [] : [connector, ...descendants(connector)];
  };
  // Walking /proc is the sampler's cost: the trees are looked up once a second, each process's RSS every sample.
  let pids = { web: serverPids(), connector: connectorPids() };
  let pidsAt = Date.now();
  const currentPids = () => {
    if (Date.now() - pidsAt >= 1000) {
      pids = { web: serverPids(), connector: connectorPids() };
      pidsAt = Date.now();
    }
    return pids;
  };
  const sumMB = (list: number[]) => Math.round(list.reduce((s, p) => s + rssKB(p), 0) / 1024);

  const server: AppServer = {
    url,
    token,
    dataDir,
    rssMB: () => sumMB(currentPids().web),
    connectorRssMB: () => sumMB(currentPids().connector),
    cpuMs: () => {
      const { web, connector } = currentPids();
      const sum = (list: number[]) => list.reduce((n, p) => n + cpuMsOf(p), 0);
      // A process's main thread is the task whose id is the pid.
      const loop = connector.length > 0 ? cpuMsOf(`${connector[0]}/task/${connector[0]}`) : 0;
      const wait = connector.length > 0 ? runQueueWaitMs(`${connector[0]}/task/${connector[0]}`) : 0;
      return { web: sum(web), connector: sum(connector), connectorLoop: loop, connectorLoopWait: wait };
    },
    async waitBound(accountId: string, timeoutMs = 60_000): Promise<void> {
      const until = Date.now() + timeoutMs;
      for (;;) {
        const s = await server.api<{ state: string }>("GET", `/api/v1/accounts/${accountId}/status`);
        if (s.state === "bound") return;
        if (Date.now() > until) throw new Error(`account not bound: ${JSON.stringify(s)}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    async api<T>(method: string, route: string, body?: unknown): Promise<T> {
      const headers: Record<string, string> = { authorization: `Bearer ${token}` };
      let payload: BodyInit | undefined;
      if (body instanceof FormData) payload = body;
      else if (body !== undefined) {
        headers["content-type"] = "application/json";
        payload = JSON.stringify(body);
      }
      const r = await fetch(`${url}${route}`, { method, headers, body: payload });
      const text = await r.text();
      if (!r.ok) throw new Error(`${method} ${route}: ${r.status} ${text}`);
      return JSON.parse(text) as T;
    },
    async stop() {
      try {
        process.kill(-launcher.pid!, "SIGTERM");
      } catch {
        // gone already
      }
      const timer = setTimeout(() => {
        try {
          process.kill(-launcher.pid!, "SIGKILL");
        } catch {
          // gone
        }
      }, 15_000);
      await exited;
      clearTimeout(timer);
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return server;
}
