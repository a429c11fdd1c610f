import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { E2E, expect, test } from "./support/fixtures";

// Issue 10: two instances on one PostgreSQL. Instance A runs the web server, the connector and a simulator of its
// own; instance B runs only a web server (CONNECTOR=off). An MO that A's connector stores appears, without a reload,
// on B's Incoming SMS page: the only path between them is the database (LISTEN/NOTIFY of the MO transaction).
const POSTGRES = process.env.TEST_POSTGRES_URL?.trim() || "postgresql://postgres@127.0.0.1:5432/test";
const DB = `sms_e2e_cluster_${process.pid}`;
const dbUrl = (() => {
  const u = new URL(POSTGRES);
  u.pathname = `/${DB}`;
  return u.toString();
})();
const A = { port: 3141, smscPort: 27790, smscTlsPort: 27791, smscControlPort: 27792 };
const B = { port: 3142 };
const smscControl = `http://127.0.0.1:${A.smscControlPort}`;

async function admin(sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: POSTGRES });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

type Instance = { child: ChildProcess; output: string[]; dataDir: string };
const instances: Instance[] = [];

/** `npm start` (scripts/start.ts) on the shared database, with the app already built by the e2e run. */
function startInstance(env: Record<string, string>): Instance {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "sms-e2e-cluster-"));
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...E2E.serverEnv, DATABASE_URL: dbUrl, DATA_DIR: dataDir, ...env };
  // The e2e run's build is served as it is.
  delete childEnv.FORCE_BUILD;
  const child = spawn(process.execPath, ["--import", "tsx", "--conditions=react-server", "scripts/start.ts"], {
    env: childEnv,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output: string[] = [];
  child.stdout!.on("data", (b: Buffer) => output.push(b.toString()));
  child.stderr!.on("data", (b: Buffer) => output.push(b.toString()));
  const instance = { child, output, dataDir };
  instances.push(instance);
  return instance;
}

async function waitUp(url: string, instance: Instance): Promise<void> {
  const until = Date.now() + 120_000;
  while (Date.now() < until) {
    if (instance.child.exitCode !== null) throw new Error(`instance exited:\n${instance.output.join("").slice(-3000)}`);
    const ok = await fetch(url).then(
      (r) => r.status < 500,
      () => false,
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} not up:\n${instance.output.join("").slice(-3000)}`);
}

test.beforeAll(async () => {
  await admin(`DROP DATABASE IF EXISTS "${DB}" WITH (FORCE)`);
  await admin(`CREATE DATABASE "${DB}"`);
});

test.afterAll(async () => {
  await Promise.all(
    instances.map(
      (i) =>
        new Promise<void>((resolve) => {
          if (i.child.exitCode !== null) return resolve();
          i.child.once("exit", () => resolve());
          i.child.kill("SIGTERM");
        }),
    ),
  );
  for (const i of instances) fs.rmSync(i.dataDir, { recursive: true, force: true });
  await admin(`DROP DATABASE IF EXISTS "${DB}" WITH (FORCE)`);
});

test("an MO stored by instance A's connector appears live on instance B's Incoming SMS page", async ({ page }) => {
  test.setTimeout(240_000);
  const a = startInstance({
    PORT: String(A.port),
    SMSC_PORT: String(A.smscPort),
    SMSC_TLS_PORT: String(A.smscTlsPort),
    SMSC_CONTROL_PORT: String(A.smscControlPort),
  });
  await waitUp(`http://127.0.0.1:${A.port}/login`, a);
  // B after A: A's start migrated and seeded the database (B's own start finds both done).
  const b = startInstance({ PORT: String(B.port), CONNECTOR: "off", SMSC_SIMULATOR: "off", SMSC_PORT: String(A.smscPort) });
  await waitUp(`http://127.0.0.1:${B.port}/login`, b);

  await page.goto(`http://127.0.0.1:${B.port}/login`);
  await page.getByLabel("E-mail").fill(E2E.adminEmail);
  await page.getByLabel("Password").fill(E2E.adminPassword);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("current-user")).toHaveText(E2E.adminEmail);
  await page.goto(`http://127.0.0.1:${B.port}/insms`);
  await expect(page.getByTestId("live-badge")).toHaveText("Live");
  await page.evaluate(() => ((window as unknown as { __noReload: boolean }).__noReload = true));

  const text = `Through the cluster ${Date.now()}`;
  const res = await fetch(`${smscControl}/mo`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ from: "+33611220099", to: "36000", text, waitForBindMs: 60_000 }),
  });
  const body = await res.json();
  expect(res.status, JSON.stringify(body)).toBe(200);
  expect(body.statusName).toMatch(/^ESME_ROK/);

  const row = page.getByTestId("insms-row").filter({ hasText: text });
  await expect(row).toBeVisible();
  await expect(row).toContainText("Local simulator");
  expect(await page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)).toBe(true);
  // A's connector stored it; B runs none: the row reached B through the database only.
  expect(a.output.join("")).toMatch(/\[connector\] started/);
  expect(b.output.join("")).not.toMatch(/\[connector\] started/);
});
