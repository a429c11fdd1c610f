/**
 * `npm start`: prepares the SQLite database, seeds an admin (printing its password on first start) and the
 * "Local simulator" account, builds the app when no build exists, starts the SMSC simulator (unless
 * SMSC_SIMULATOR=off) and serves the app on PORT (3000).
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { appNodeFlags } from "./app-node-flags";
import { prepareDatabase } from "./prepare-db";

const env = (name: string, fallback: string) =>
  process.env[name] && process.env[name]!.trim() !== "" ? process.env[name]! : fallback;

async function main() {
  const port = env("PORT", "3000");
  const smscPort = Number(env("SMSC_PORT", "2775"));
  const smscTlsPort = Number(env("SMSC_TLS_PORT", "2776"));
  const smscControlPort = Number(env("SMSC_CONTROL_PORT", "2780"));
  const smscSystemId = env("SMSC_SYSTEM_ID", "simulator");
  const smscPassword = env("SMSC_PASSWORD", "secret");

  prepareDatabase();
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

  if (!fs.existsSync(path.join(process.cwd(), ".next", "BUILD_ID")) || process.env.FORCE_BUILD === "1") {
    console.log("No build found: running next build (takes a minute or two)…");
    const b = spawnSync(path.join("node_modules", ".bin", "next"), ["build"], { stdio: "inherit", env: process.env });
    if (b.status !== 0) throw new Error("next build failed");
  }

  const children: ChildProcess[] = [];
  if (env("SMSC_SIMULATOR", "on") !== "off") {
    const sim = spawn(
      path.join("node_modules", ".bin", "tsx"),
      [
        "simulator/cli.ts",
        "--port",
        String(smscPort),
        "--tls-port",
        String(smscTlsPort),
        "--control-port",
        String(smscControlPort),
        "--system-id",
        smscSystemId,
        "--password",
        smscPassword,
      ],
      { stdio: ["ignore", "inherit", "inherit"], env: process.env },
    );
    children.push(sim);
    // The connector binds as soon as the app is up: let the simulator listen first, so the seeded account's first
    // bind is not a "connection refused" followed by a retry.
    await waitForPort(smscPort, 20_000, sim);
  }
  const app = spawn(
    process.execPath,
    [...appNodeFlags(), path.join("node_modules", "next", "dist", "bin", "next"), "start", "-p", port],
    {
      stdio: ["ignore", "inherit", "inherit"],
      env: process.env,
    },
  );
  children.push(app);
  console.log(`Serving http://localhost:${port}`);

  const stop = (signal: NodeJS.Signals) => {
    for (const c of children) if (c.exitCode === null) c.kill(signal);
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
  app.on("exit", (code) => {
    stop("SIGTERM");
    process.exit(code ?? 0);
  });
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
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
