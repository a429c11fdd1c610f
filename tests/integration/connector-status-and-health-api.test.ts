import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as health } from "@/app/api/health/route";
import { GET as status } from "@/app/api/v1/accounts/[id]/status/route";
import { setAccountEnabled } from "@/lib/accounts/repository";
import { createApiToken, createUser } from "@/lib/auth/users";
import { db } from "@/lib/db";
import { readTraces } from "@/lib/traces/trace-log";
import type { Simulator } from "@/simulator";
import { startConnectorProcess, type Proc } from "../support/processes";
import { createSimAccount, eventually, PASSWORD, startSim } from "../support/connector-test-kit";

// The connector runs in its own OS process, as `npm start` runs it; this process plays the web server: the route
// handlers read what the connector published in the database, and account changes reach it through the database.
let sim: Simulator;
let token = "";
let connector: Proc;

beforeAll(async () => {
  sim = await startSim();
  const u = await createUser({ email: "viewer@status.example", password: "a-long-password", role: "viewer" });
  token = (await createApiToken(u.id, "test")).token;
  connector = startConnectorProcess();
  await connector.waitFor(/\[connector\] started/);
});

afterAll(async () => {
  await connector?.stop();
  await sim.stop();
});

const get = (path: string, auth = true) =>
  new Request(`http://localhost${path}`, { headers: auth ? { authorization: `Bearer ${token}` } : {} });
const ctx = (id: string) => ({ params: Promise.resolve({ id }) });

describe("status and health API", () => {
  const stateOf = async (id: string) => (await status(get(`/api/v1/accounts/${id}/status`), ctx(id))).json();
  const waitForState = (id: string, state: string, ms = 10_000) =>
    eventually(async () => ((await stateOf(id)).state === state ? true : null), ms, `account ${state}`);

  it("shows an account's binds with state, since and last error, and health counts bound connectors", async () => {
    // Created here, bound by the connector process within a second or so (the "accounts" change counter).
    const id = await createSimAccount(sim, { connection: { connections: 2, verboseTraces: true } });
    await waitForState(id, "bound");
    const res = await status(get(`/api/v1/accounts/${id}/status`), ctx(id));
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ stale: false });
    expect(body.nodeIds).toHaveLength(1);
    expect(body).toMatchObject({ state: "bound", lastError: null, sentLastMinute: 0, queue: 0 });
    expect(new Date(body.since).getTime()).toBeGreaterThan(0);
    expect(body.binds).toHaveLength(2);
    expect(body.binds[0]).toMatchObject({
      role: "transceiver",
      state: "bound",
      host: sim.host,
      port: sim.port,
      systemId: "esme",
      smscSystemId: "SMSC-SIM",
    });
    expect(JSON.stringify(body)).not.toContain(`"${PASSWORD}"`);

    const h = await (await health()).json();
    expect(h).toMatchObject({ status: "ok", database: "ok", connector: "running", connectors: { bound: 1, total: 1 } });
    expect(Object.keys(h.memory).sort()).toEqual(["heapLimitMB", "heapUsedMB", "rssMB"]);
    expect(h.memory.rssMB).toBeGreaterThan(h.memory.heapUsedMB);

    sim.setFaults({ rejectBinds: true });
    sim.dropConnections();
    await waitForState(id, "disconnected");
    // After the drop, the retries are refused: the status says so.
    const down = await eventually(
      async () => {
        const b = await (await status(get(`/api/v1/accounts/${id}/status`), ctx(id))).json();
        return b.state === "disconnected" && String(b.lastError).includes("ESME_RBINDFAIL") ? b : null;
      },
      5000,
      "a refused re-bind in the status",
    );
    expect(down.binds.every((b: { state: string }) => b.state === "disconnected")).toBe(true);
    const h2 = await health();
    expect(h2.status).toBe(200);
    expect(await h2.json()).toMatchObject({ status: "degraded", connectors: { bound: 0, total: 1 } });
    sim.setFaults({ rejectBinds: false });
    await waitForState(id, "bound", 5000);

    // The bind history: each bind came up, was dropped by the SMSC, was refused, came up again.
    const kinds = (await db.bindEvent.findMany({ where: { accountId: id }, orderBy: { id: "asc" } })).map((e) => e.kind);
    for (const k of ["bound", "dropped", "refused"]) expect(kinds).toContain(k);
    const dropped = await db.bindEvent.findFirst({ where: { accountId: id, kind: "dropped" } });
    expect(dropped?.durationMs).toBeGreaterThanOrEqual(0);
    expect(dropped?.nodeId).toBe(body.nodeIds[0]);

    // Verbose traces: the binds' PDUs are in the account's trace log, the password masked.
    const traces = await eventually(
      async () => {
        const t = await readTraces(id, { command: "bind_transceiver" });
        return t.length > 0 ? t : null;
      },
      5000,
      "bind PDUs in the trace log",
    );
    expect(JSON.stringify(traces)).not.toContain('"password":"pw"');

    // Disabled here: the connector process unbinds (a change counter it polls), its rows go.
    await setAccountEnabled(id, false, "test");
    await eventually(() => sim.sessions().length === 0, 5000, "the connector process to unbind");
    await waitForState(id, "disabled", 5000);
    expect(await stateOf(id)).toMatchObject({ state: "disabled", binds: [] });
    expect(sim.received.filter((p) => p.command === "unbind").length).toBeGreaterThanOrEqual(2);
  });

  it("says the connector is not running once it stopped, and the account's binds are not bound", async () => {
    const id = await createSimAccount(sim);
    await waitForState(id, "bound");
    expect(await connector.stop()).toBe(143);
    const b = await stateOf(id);
    expect(b).toMatchObject({ state: "disconnected", lastError: "The connector is not running", binds: [] });
    expect(await (await health()).json()).toMatchObject({ status: "degraded", connector: "not running" });
  });

  it("answers 404 for an unknown account and 401 without credentials", async () => {
    expect((await status(get(`/api/v1/accounts/nope/status`), ctx("nope"))).status).toBe(404);
    expect((await status(get(`/api/v1/accounts/nope/status`, false), ctx("nope"))).status).toBe(401);
  });
});
