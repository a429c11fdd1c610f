/**
 * `npm start`: prepares the SQLite database, seeds an admin (printing its password on first start) and the
 * "Local simulator" account, builds the app when no build exists, then runs and supervises three processes: the SMSC
 * simulator (unless SMSC_SIMULATOR=off), the connector (`scripts/connector.ts`: binds, MO/SR, dispatch) and the web
 * server on PORT (3000). Each is restarted when it dies; SIGINT / SIGTERM stop them in order (connector first, so it
 * unbinds while the simulator still listens) and then `npm start` exits.
 * CONNECTOR: unset = the three processes; "off" = no connector (web only); "only" = no web server;
 * "in-process" = the connector inside the web server (the old single-process mode, for comparison).
 */
import { spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { appNodeFlags } from "./app-node-flags";
import { prepareDatabase } from "./prepare-db";
import { SupervisedChild } from "./supervise";
import { errorMessage } from "@/lib/errors";

const env = (name: string, fallback: string) =>
  process.env[name] && process.env[name]!.trim() !== "" ? process.env[name]! : fallback;

async function main() {
  const port = env("PORT", "3000");
  const smscPort = Number(env("SMSC_PORT", "2775"));
  const smscTlsPort = Number(env("SMSC_TLS_PORT", "2776"));
  const smscControlPort = Number(env("SMSC_CONTROL_PORT", "2780"));
  const smscSystemId = env("SMSC_SYSTEM_ID", "simulator");
  const smscPassword = env("SMSC_PASSWORD", "secret");

  await prepareDatabase();
  const { seed } = await import("../prisma/seed");
  const seeded = await seed({
    adminEmail: env("ADMIN_EMAIL", "admin@example.com"),
    adminPassword: process.env.ADMIN_PASSWORD,
    smscHost: "127.0.0.1",
    smscPort,
    smscSystemId,
    smscPassword,
  });
  const { db } = await import("../lib/db");
  await db.$disconnect();
  if (seeded.adminCreated) {
    console.log("");
    console.log("  First start: an admin was created.");
    console.log(`    e-mail:   ${env("ADMIN_EMAIL", "admin@example.com")}`);
    console.log(`    password: ${seeded.adminPassword}`);
    console.log("  (shown once; `npm run admin -- create-user …` adds more users)");
    console.log("");
  }

  const mode = env("CONNECTOR", "process");
  if (!["process", "off", "only", "in-process"].includes(mode))
    throw new Error(`CONNECTOR must be off, only or in-process (or unset), not "${mode}"`);
  const web = mode !== "only";
  if (web && (!fs.existsSync(path.join(process.cwd(), ".next", "BUILD_ID")) || process.env.FORCE_BUILD === "1")) {
    console.log("No build found: running next build (takes a minute or two)…");
    const b = spawnSync(path.join("node_modules", ".bin", "next"), ["build"], { stdio: "inherit", env: process.env });
    if (b.status !== 0) throw new Error("next build failed");
  }

  // The children watch this pid and stop if the launcher is killed (lib/process/parent-watch.ts).
  const childEnv = { ...process.env, SMS_SUPERVISOR_PID: String(process.pid), SMS_DB_PREPARED: "1" };
  // Stopped in this order.
  const children: SupervisedChild[] = [];
  let simulator: SupervisedChild | null = null;
  if (env("SMSC_SIMULATOR", "on") !== "off") {
    // The password goes by environment, never on the command line (`ps` shows every user's command lines).
    simulator = new SupervisedChild({
      name: "simulator",
      // node itself with tsx's loader (not the tsx wrapper, which would be a second process): a signal reaches it.
      command: process.execPath,
      args: [
        "--import",
        "tsx",
        path.join("scripts", "simulator.ts"),
        "--port",
        String(smscPort),
        "--tls-port",
        String(smscTlsPort),
        "--control-port",
        String(smscControlPort),
        "--system-id",
        smscSystemId,
      ],
      env: { ...childEnv, SMSC_PASSWORD: smscPassword },
    });
    // The connector binds as soon as it is up: let the simulator listen first, so the seeded account's first
    // bind is not a "connection refused" followed by a retry.
    await waitForPort(smscPort, 20_000, simulator.start());
  }
  if (mode === "process" || mode === "only") {
    children.push(
      new SupervisedChild({
        name: "connector",
        command: process.execPath,
        args: [...appNodeFlags(), "--conditions=react-server", "--import", "tsx", path.join("scripts", "connector.ts")],
        env: childEnv,
      }),
    );
  }
  if (web) {
    children.push(
      new SupervisedChild({
        name: "web",
        command: process.execPath,
        args: [...appNodeFlags(), path.join("node_modules", "next", "dist", "bin", "next"), "start", "-p", port],
        env: { ...childEnv, CONNECTOR: mode === "in-process" ? "in-process" : "off" },
      }),
    );
  }
  if (simulator) children.push(simulator);
  for (const c of children) if (c !== simulator) c.start();
  if (web) console.log(`Serving http://localhost:${port}`);

  let stopping = false;
  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    console.log(`[start] ${signal}: stopping ${children.map((c) => c.name).join(", ")}`);
    for (const c of children) await c.stop();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
}

/** Resolves once something accepts TCP connections on 127.0.0.1:port; gives up quietly at the deadline. */
async function waitForPort(port: number, deadlineMs: number, child: ChildProcess): Promise<void> {
  const until = Date.now() + deadlineMs;
  while (Date.now() < until && child.exitCode === null) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect({ host: "127.0.0.1", port }, () => {
        socket.destroy();
        resolve(true);
      });
      socket.on("error", () => resolve(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 100));
  }
}

main().catch((e) => {
  console.error(errorMessage(e));
  process.exit(1);
});
