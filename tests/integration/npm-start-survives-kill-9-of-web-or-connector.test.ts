// `npm start` as a user runs it (scripts/start.ts: web server, connector, launcher as separate OS processes) on a
// database of its own, against a simulator in this process, so the test sees every PDU and every TCP session.
// kill -9 of the web process must not touch the binds; kill -9 of the connector is restarted and loses nothing acked.
// Needs the production build (.next): built on first use, as `npm start` does.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "@/lib/db";
import { startSimulator, type Simulator } from "@/simulator";
import { startProcess, type Proc } from "../support/processes";
import { eventually } from "../support/connector-test-kit";

const SIM_PASSWORD = "pw-kill9";
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sms-npm-start-"));
const url = `file:${path.join(dir, "app.db")}`;
let sim: Simulator;
let app: Proc;
let port = 0;
let token = "";
let db: Db;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
    s.on("error", reject);
  });
}

/** One HTTP request on a connection of its own (no keep-alive: the web server is killed and restarted meanwhile). */
const api = (route: string, init: { method?: string; body?: unknown } = {}) =>
  new Promise<{ status: number; body: Record<string, unknown> }>((resolve, reject) => {
    const payload = init.body === undefined ? undefined : JSON.stringify(init.body);
    const req = http.request(
      {
        host: "127.0.0.1",
        port,
        path: route,
        method: init.method ?? "GET",
        agent: false,
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (c: string) => (text += c));
        res.on("end", () => {
          let body: Record<string, unknown> = {};
          try {
            body = JSON.parse(text) as Record<string, unknown>;
          } catch {
            // not JSON
          }
          resolve({ status: res.statusCode ?? 0, body });
        });
      },
    );
    req.on("error", reject);
    req.end(payload);
  });

const health = async () => {
  try {
    return (await api("/api/health")).body as { connector: string; connectors: { bound: number; total: number } };
  } catch {
    return null;
  }
};
const boundAgain = () =>
  eventually(async () => (await health())?.connectors.bound === 1, 120_000, "the account bound, as /api/health says");

/** pids the launcher logged for a child, in order (restarts append). */
const pids = (name: string) =>
  [...app.output().matchAll(new RegExp(`\\[start\\] ${name} started \\(pid (\\d+)\\)`, "g"))].map((m) => Number(m[1]));

const numbers = (n: number, offset: number) => Array.from({ length: n }, (_, i) => `+3361${String(offset + i).padStart(7, "0")}`);

/** Pushes `n` MO, a few at a time, while the test does other things; resolves with the texts the app acknowledged. */
async function pushMos(prefix: string, n: number): Promise<{ acked: string[]; failed: number }> {
  const acked: string[] = [];
  let failed = 0;
  for (let i = 0; i < n; i++) {
    const text = `${prefix} ${i}`;
    try {
      const r = await sim.pushMo({ from: `+3370000${String(i).padStart(4, "0")}`, to: "38000", text, responseTimeoutMs: 3000 });
      if (r.status === 0) acked.push(text);
      else failed++;
    } catch {
      failed++;
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  return { acked, failed };
}

const submitsTo = (from: number) => {
  const per = new Map<string, number>();
  for (const p of sim.received.slice(from))
    if (p.command === "submit_sm")
      per.set(String(p.fields.destination_addr), (per.get(String(p.fields.destination_addr)) ?? 0) + 1);
  return per;
};

async function finished(id: string, timeoutMs: number) {
  return eventually(
    async () => {
      const d = await db.delivery.findUnique({ where: { id } });
      return d && d.status === "finished" ? d : null;
    },
    timeoutMs,
    `delivery ${id} finished`,
  );
}

beforeAll(async () => {
  sim = await startSimulator({ systemId: "simulator", password: SIM_PASSWORD, tlsPort: null, controlPort: null });
  port = await freePort();
  app = startProcess(process.execPath, ["--conditions=react-server", "--import", "tsx", path.join("scripts", "start.ts")], {
    ...process.env,
    PORT: String(port),
    DATA_DIR: dir,
    DATABASE_URL: url,
    ADMIN_EMAIL: "admin@kill9.test",
    ADMIN_PASSWORD: "kill9-admin-password",
    APP_SECRET: "k".repeat(64),
    SMSC_SIMULATOR: "off",
    SMSC_PORT: String(sim.port),
    SMSC_SYSTEM_ID: "simulator",
    SMSC_PASSWORD: SIM_PASSWORD,
  });
  await app.waitFor(/Serving http/, 600_000);
  await boundAgain();
  token = execFileSync(
    process.execPath,
    [
      "--conditions=react-server",
      "--import",
      "tsx",
      "scripts/admin.ts",
      "create-token",
      "--email",
      "admin@kill9.test",
      "--name",
      "t",
    ],
    { env: { ...process.env, DATABASE_URL: url, DATA_DIR: dir }, encoding: "utf8" },
  ).trim();
  db = createDb(url);
  // 200 MT/s, so that a delivery of 2,000 lasts ~10 s; saved through the web process, re-bound by the connector.
  const accountId = ((await api("/api/v1/accounts")).body as { items: { id: string }[] }).items[0].id;
  const account = (await api(`/api/v1/accounts/${accountId}`)).body as { throughput: Record<string, unknown> };
  const before = new Set(sim.sessions().map((s) => s.id));
  const put = await api(`/api/v1/accounts/${accountId}`, {
    method: "PUT",
    body: { ...account, throughput: { ...account.throughput, mtPerSecond: 200, reconnectDelay: 1 } },
  });
  expect(put.status).toBe(200);
  // The save makes the connector re-bind: wait for that new session, not the old one still bound before the change
  // reached the connector (else the re-bind lands inside the first test and reads as a bind after the kill), and
  // for it to be bound at the SMSC: a connection whose bind_transceiver is still on its way is already listed (the
  // BindState row may still say "bound" of the old one), and that bind would land inside the first test too.
  await eventually(async () => {
    const [session, ...others] = sim.sessions();
    return (
      (await db.bindState.findFirst())?.state === "bound" &&
      others.length === 0 &&
      session !== undefined &&
      !before.has(session.id) &&
      session.mode !== null
    );
  }, 30_000);
}, 900_000);

afterAll(async () => {
  await db?.$disconnect();
  if (app && app.child.exitCode === null) {
    // SIGTERM: the launcher stops connector, web (the simulator is this test's), then exits 0.
    expect(await app.stop(30_000)).toBe(0);
    for (const pid of [...pids("connector"), ...pids("web")])
      expect(() => process.kill(pid, 0), `pid ${pid} still running`).toThrow();
  }
  await sim?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
}, 60_000);

const accountId = async () => (await db.routingAccount.findFirstOrThrow()).id;

describe("npm start with the web server and the connector in separate processes", () => {
  it("kill -9 of the web process: the SMSC sees no unbind and no new connection, the delivery finishes, every acked MO is stored", async () => {
    const sessions = sim.sessions().map((s) => s.id);
    const from = sim.received.length;
    const posted = await api("/api/v1/deliveries", {
      method: "POST",
      body: { accountId: await accountId(), text: "kill -9 web", recipients: numbers(2000, 0) },
    });
    expect(posted.status).toBe(201);
    const id = String(posted.body.id);
    const mos = pushMos("web-kill", 120);
    await sim.waitFor((p) => p.command === "submit_sm", { count: 300, timeoutMs: 30_000 });

    const web = pids("web").at(-1)!;
    process.kill(web, "SIGKILL");
    await app.waitFor(new RegExp(`web \\(pid ${web}\\) killed by SIGKILL`), 10_000);
    const done = await finished(id, 60_000);
    const { acked, failed } = await mos;

    expect(done).toMatchObject({ total: 2000, sent: 2000 });
    expect(sim.sessions().map((s) => s.id)).toEqual(sessions);
    expect(sim.received.slice(from).filter((p) => p.command === "unbind" || p.command.startsWith("bind_"))).toEqual([]);
    expect(failed).toBe(0);
    expect(await db.inboundSms.count({ where: { message: { startsWith: "web-kill " } } })).toBe(acked.length);
    // The launcher started a new web server, which serves again.
    await eventually(() => pids("web").length === 2, 20_000, "the web server restarted");
    await boundAgain();
  }, 180_000);

  it("kill -9 of the connector: restarted, binds again, the delivery finishes; twice-sent only among the possibly duplicated, no acked MO lost", async () => {
    const from = sim.received.length;
    const list = numbers(2000, 100_000);
    const posted = await api("/api/v1/deliveries", {
      method: "POST",
      body: { accountId: await accountId(), text: "kill -9 connector", recipients: list },
    });
    expect(posted.status).toBe(201);
    const id = String(posted.body.id);
    const mos = pushMos("connector-kill", 150);
    await sim.waitFor((p) => p.command === "submit_sm", { count: 300, timeoutMs: 30_000 });

    const connector = pids("connector").at(-1)!;
    process.kill(connector, "SIGKILL");
    await app.waitFor(new RegExp(`connector \\(pid ${connector}\\) killed by SIGKILL`), 10_000);
    await eventually(() => pids("connector").length === 2, 20_000, "the connector restarted");
    const done = await finished(id, 180_000);
    const { acked } = await mos;

    expect(done).toMatchObject({ total: 2000, sent: 2000 });
    const per = submitsTo(from);
    for (const n of list) expect(per.get(n.slice(1)) ?? 0, n).toBeGreaterThanOrEqual(1);
    const twice = [...per.entries()].filter(([, c]) => c > 1).map(([n]) => `+${n}`);
    const flagged = new Set(
      (await db.recipient.findMany({ where: { deliveryId: id, possiblyDuplicated: true }, select: { number: true } })).map(
        (r) => r.number,
      ),
    );
    expect(twice.filter((n) => !flagged.has(n))).toEqual([]);
    expect(done.possiblyDuplicated).toBe(flagged.size);
    // Every MO the app acknowledged is stored (at least once: one whose response the kill cut is sent again).
    const stored = new Set(
      (await db.inboundSms.findMany({ where: { message: { startsWith: "connector-kill " } } })).map((r) => r.message),
    );
    expect(acked.filter((t) => !stored.has(t))).toEqual([]);
    // The binds are back: the account is bound by the new connector process.
    await boundAgain();
    const rows = await db.bindState.findMany();
    expect(rows.map((r) => r.nodeId.split(":")[1])).toEqual([String(pids("connector").at(-1))]);
  }, 300_000);
});
