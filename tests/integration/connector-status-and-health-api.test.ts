import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as health } from "@/app/api/health/route";
import { GET as status } from "@/app/api/v1/accounts/[id]/status/route";
import { setAccountEnabled } from "@/lib/accounts/repository";
import { createApiToken, createUser } from "@/lib/auth/users";
import { getConnector } from "@/lib/connector/service";
import { closeSqliteWriter } from "@/lib/storage/sqlite-writer";
import { readTraces } from "@/lib/traces/trace-log";
import type { Simulator } from "@/simulator";
import { createSimAccount, eventually, PASSWORD, startSim } from "./connector-test-kit";

// The process singleton, as the route handlers see it (started by instrumentation.ts in the app).
let sim: Simulator;
let token = "";

beforeAll(async () => {
  sim = await startSim();
  const u = await createUser({ email: "viewer@status.example", password: "a-long-password", role: "viewer" });
  token = (await createApiToken(u.id, "test")).token;
  await getConnector().start();
});

afterAll(async () => {
  await getConnector().stop();
  await sim.stop();
  closeSqliteWriter();
});

const get = (path: string, auth = true) =>
  new Request(`http://localhost${path}`, { headers: auth ? { authorization: `Bearer ${token}` } : {} });
const ctx = (id: string) => ({ params: Promise.resolve({ id }) });

describe("status and health API", () => {
  it("shows an account's binds with state, since and last error, and health counts bound connectors", async () => {
    const id = await createSimAccount(sim, { connection: { connections: 2, verboseTraces: true } });
    await getConnector().waitForState(id, "bound");
    const res = await status(get(`/api/v1/accounts/${id}/status`), ctx(id));
    expect(res.status).toBe(200);
    const body = await res.json();
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
    expect(h).toMatchObject({ status: "ok", database: "ok", connectors: { bound: 1, total: 1 } });
    expect(Object.keys(h.memory).sort()).toEqual(["heapLimitMB", "heapUsedMB", "rssMB"]);
    expect(h.memory.rssMB).toBeGreaterThan(h.memory.heapUsedMB);

    sim.setFaults({ rejectBinds: true });
    sim.dropConnections();
    await getConnector().waitForState(id, "disconnected");
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
    await getConnector().waitForState(id, "bound", 5000);

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

    await setAccountEnabled(id, false, "test");
    const off = await (await status(get(`/api/v1/accounts/${id}/status`), ctx(id))).json();
    expect(off).toMatchObject({ state: "disabled", binds: [] });
  });

  it("answers 404 for an unknown account and 401 without credentials", async () => {
    expect((await status(get(`/api/v1/accounts/nope/status`), ctx("nope"))).status).toBe(404);
    expect((await status(get(`/api/v1/accounts/nope/status`, false), ctx("nope"))).status).toBe(401);
  });
});
