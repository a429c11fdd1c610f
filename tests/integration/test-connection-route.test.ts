import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST } from "@/app/api/v1/accounts/[id]/test-connection/route";
import { POST as POST_UNSAVED } from "@/app/api/v1/accounts/test-connection/route";
import { lastTests } from "@/lib/account-tests/last-test";
import { createAccount, listAudit } from "@/lib/accounts/repository";
import { startSimulator, type Simulator } from "@/simulator";
import { eventually } from "../support/connector-test-kit";
import { roleTokens } from "../support/role-users";

// POST /api/v1/accounts/{id}/test-connection through the real route handler, a real SQLite file and the simulator.
const PASSWORD = "pw8Chars";
const tokens: Record<string, string> = {};
let sim: Simulator;

const req = (role: string, body?: unknown) =>
  new Request("http://localhost/api/v1/accounts/x/test-connection", {
    method: "POST",
    headers: { authorization: `Bearer ${tokens[role]}`, "content-type": "application/json" },
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
const ctx = (id: string) => ({ params: Promise.resolve({ id }) });

const accountJson = (
  over: { connection?: Record<string, unknown>; throughput?: Record<string, unknown> } = {},
  label = `Sim ${Math.random()}`,
) => ({
  label,
  connection: { host: "127.0.0.1", port: sim.port, systemId: "esme", password: PASSWORD, ...over.connection },
  throughput: { bindTimeout: 3, mtTimeout: 3, ...over.throughput },
});

async function saved(over: Parameters<typeof accountJson>[0] = {}): Promise<string> {
  const r = await createAccount(accountJson(over), "test");
  if (!r.ok) throw new Error(JSON.stringify(r));
  return r.account.id;
}

beforeAll(async () => {
  sim = await startSimulator({
    systemId: "esme",
    password: PASSWORD,
    credentials: [{ systemId: "esmerx", password: "rxpass" }],
    smscSystemId: "SIMSMSC",
    controlPort: null,
  });
  Object.assign(tokens, await roleTokens("tc.example"));
});
afterAll(async () => {
  await sim.stop();
});

describe("POST /api/v1/accounts/{id}/test-connection", () => {
  it("answers ok with every step timed, the SMSC system_id and its own trace, password masked", async () => {
    const id = await saved();
    const res = await POST(req("admin"), ctx(id));
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.ok).toBe(true);
    expect(body.smscSystemId).toBe("SIMSMSC");
    expect(body.steps.map((s: { step: string }) => s.step)).toEqual(["dns", "tcp", "bind", "enquire_link", "unbind"]);
    for (const s of body.steps) expect(s).toMatchObject({ ok: true, ms: expect.any(Number), detail: expect.any(String) });
    expect(body.trace.map((p: { command: string; direction: string }) => `${p.direction} ${p.command}`)).toEqual([
      "out bind_transceiver",
      "in bind_transceiver_resp",
      "out enquire_link",
      "in enquire_link_resp",
      "out unbind",
      "in unbind_resp",
    ]);
    expect(body.trace[0].fields.password).toBe("******");
    const text = JSON.stringify(body);
    expect(text).not.toContain(PASSWORD);
    expect(text).not.toContain(Buffer.from(PASSWORD).toString("hex"));
    expect(body.error).toBeUndefined();
    await eventually(() => sim.sessions().length === 0, 5000, "the session to close");
  });

  it("answers 502 naming ESME_RBINDFAIL at the bind step for a wrong stored password, and closes", async () => {
    const id = await saved({ connection: { password: "nope" } });
    const res = await POST(req("admin"), ctx(id));
    expect(res.status).toBe(502);
    const body = await res.json();
    expect(body.ok).toBe(false);
    expect(body.error).toMatchObject({ step: "bind", code: "bind_refused", status: 0x0d });
    expect(body.error.message).toContain("ESME_RBINDFAIL (0x0000000D)");
    expect(body.steps.at(-1)).toMatchObject({ step: "bind", ok: false });
    expect(body.trace.map((p: { command: string }) => p.command)).toEqual(["bind_transceiver", "bind_transceiver_resp"]);
    expect(body.trace[1].status).toBe("ESME_RBINDFAIL (0x0000000D)");
    expect(JSON.stringify(body)).not.toContain("nope");
    await eventually(() => sim.sessions().length === 0, 5000, "the session to close");
  });

  it("tests unsaved form values from the body, keeping the stored password when the form leaves it out", async () => {
    const id = await saved({ connection: { port: 1 } });
    const form = accountJson({ connection: { password: undefined } });
    const res = await POST(req("admin", form), ctx(id));
    expect(res.status).toBe(200);
    expect((await res.json()).ok).toBe(true);

    const wrong = await POST(req("admin", accountJson({ connection: { password: "other" } })), ctx(id));
    expect(wrong.status).toBe(502);
    expect((await wrong.json()).error.step).toBe("bind");
  });

  it("answers 422 with the schema's field errors for invalid form values", async () => {
    const id = await saved();
    const res = await POST(req("admin", accountJson({ connection: { port: 70000 } })), ctx(id));
    expect(res.status).toBe(422);
    const body = await res.json();
    expect(body.error.code).toBe("validation_failed");
    expect(body.error.fields["connection.port"]).toBe("Must be between 1 and 65535");
  });

  it("names a refused port at the tcp step", async () => {
    const free = net.createServer();
    await new Promise<void>((r) => free.listen(0, "127.0.0.1", r));
    const port = (free.address() as net.AddressInfo).port;
    await new Promise<void>((r) => free.close(() => r()));
    const res = await POST(req("admin"), ctx(await saved({ connection: { port } })));
    expect(res.status).toBe(502);
    const body = await res.json();
    expect(body.error).toMatchObject({ step: "tcp", code: "connection_refused" });
    expect(body.error.message).toMatch(/connection refused/i);
    expect(body.steps.map((s: { step: string; ok: boolean }) => [s.step, s.ok])).toEqual([
      ["dns", true],
      ["tcp", false],
    ]);
  });

  it("reports the TLS step with the certificate, and names TLS against the plain port", async () => {
    const tls = await POST(
      req("admin"),
      ctx(await saved({ connection: { port: sim.tlsPort, tls: true, certificateCheck: "skipCertificate" } })),
    );
    expect(tls.status).toBe(200);
    const ok = await tls.json();
    expect(ok.steps.map((s: { step: string }) => s.step)).toEqual(["dns", "tcp", "tls", "bind", "enquire_link", "unbind"]);
    expect(ok.steps[2].detail).toMatch(/CN=SMSC simulator.*valid until \d{4}-\d\d-\d\d/);

    const plain = await POST(req("admin"), ctx(await saved({ connection: { tls: true, certificateCheck: "skipCertificate" } })));
    expect(plain.status).toBe(502);
    const body = await plain.json();
    expect(body.error.step).toBe("tls");
    expect(body.error.message).toMatch(/plain SMPP/);
    await eventually(() => sim.sessions().length === 0, 5000, "the sessions to close");
  });

  it("tests both binds of a transmitter+receiver account, the receiver with its own credentials", async () => {
    const id = await saved({
      connection: {
        mode: "transmitterReceiver",
        separateReceiver: true,
        receiver: { host: "127.0.0.1", port: sim.port, systemId: "esmerx", password: "rxpass" },
      },
    });
    const res = await POST(req("admin"), ctx(id));
    const body = await res.json();
    expect(res.status).toBe(200);
    const binds = body.steps.filter((s: { step: string }) => s.step === "bind").map((s: { detail: string }) => s.detail);
    expect(binds).toEqual([
      expect.stringMatching(/^transmitter: Bound as transmitter/),
      expect.stringMatching(/^receiver: Bound as receiver/),
    ]);
    expect(JSON.stringify(body)).not.toContain("rxpass");
  });

  it("is for admins only, and 404 for an unknown account", async () => {
    const id = await saved();
    expect((await POST(req("operator"), ctx(id))).status).toBe(403);
    expect((await POST(req("viewer"), ctx(id))).status).toBe(403);
    expect((await POST(req("admin"), ctx("nope"))).status).toBe(404);
    expect((await POST(req("admin", "{bad json"), ctx(id))).status).toBe(400);
  });

  it("keeps each result in the account's audit log: the last one says whether enabling must ask", async () => {
    const id = await saved({ connection: { password: "nope" } });
    expect((await lastTests([id])).get(id)).toBeUndefined();
    expect((await POST(req("admin"), ctx(id))).status).toBe(502);
    let last = (await lastTests([id])).get(id);
    expect(last).toMatchObject({ ok: false, result: expect.stringMatching(/^failed at bind: .*ESME_RBINDFAIL/) });
    expect((await POST(req("admin", accountJson()), ctx(id))).status).toBe(200);
    last = (await lastTests([id])).get(id);
    expect(last).toMatchObject({ ok: true, result: "ok" });
    const entries = (await listAudit(id)).filter((e) => e.action === "test-connection");
    expect(entries.map((e) => e.actor)).toEqual(["admin@tc.example", "admin@tc.example"]);
  });
});

describe("POST /api/v1/accounts/test-connection (a new account's form, not saved yet)", () => {
  const unsaved = (role: string, body?: unknown) =>
    new Request("http://localhost/api/v1/accounts/test-connection", {
      method: "POST",
      headers: { authorization: `Bearer ${tokens[role]}`, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  it("binds with the typed values and password, and stores nothing", async () => {
    const res = await POST_UNSAVED(unsaved("admin", accountJson({ connection: { verboseTraces: true } })));
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.ok).toBe(true);
    expect(body.steps.map((s: { step: string }) => s.step)).toEqual(["dns", "tcp", "bind", "enquire_link", "unbind"]);
    expect(JSON.stringify(body)).not.toContain(PASSWORD);

    const wrong = await POST_UNSAVED(unsaved("admin", accountJson({ connection: { password: "wrongpw" } })));
    expect(wrong.status).toBe(502);
    expect((await wrong.json()).error.step).toBe("bind");
    await eventually(() => sim.sessions().length === 0, 5000, "the sessions to close");
  });

  it("answers 422 with field errors, 403 below admin", async () => {
    const bad = await POST_UNSAVED(unsaved("admin", accountJson({ connection: { host: "" } })));
    expect(bad.status).toBe(422);
    expect((await bad.json()).error.fields["connection.host"]).toBeTruthy();
    expect((await POST_UNSAVED(unsaved("operator", accountJson()))).status).toBe(403);
  });
});
