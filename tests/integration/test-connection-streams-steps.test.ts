import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { POST as testConnection } from "@/app/api/v1/accounts/[id]/test-connection/route";
import { POST as testSend } from "@/app/api/v1/accounts/[id]/test-send/route";
import type { z } from "zod";
import { testConnectionLineSchema, testSendLineSchema } from "@/lib/account-tests/answers";
import { createAccount } from "@/lib/accounts/repository";
import { createApiToken, createUser } from "@/lib/auth/users";
import { startSimulator, type Simulator } from "@/simulator";
import { eventually } from "../support/connector-test-kit";

// Test connection / Test send answered as NDJSON (Accept: application/x-ndjson) through the real route handlers, a
// real SQLite file and the simulator: each step is a line as it happens, the plain JSON answer is the last line, and
// the session closes as soon as the client goes away.
const PASSWORD = "pw8Chars";
let token = "";
let sim: Simulator;

type Line = Record<string, unknown>;

const ndjsonRequest = (path: string, body: unknown, signal?: AbortSignal) =>
  new Request(`http://localhost/api/v1/accounts/x/${path}`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json", accept: "application/x-ndjson" },
    body: JSON.stringify(body),
    signal,
  });
const ctx = (id: string) => ({ params: Promise.resolve({ id }) });

async function saved(throughput: Record<string, unknown> = {}, connection: Record<string, unknown> = {}): Promise<string> {
  const r = await createAccount(
    {
      label: `Stream ${Math.random()}`,
      connection: { host: "127.0.0.1", port: sim.port, systemId: "esme", password: PASSWORD, ...connection },
      channel: { sourceNumber: "ACME" },
      // Long timeouts: a session that closes in these tests closes because of the test, not a timer.
      throughput: { bindTimeout: 60, mtTimeout: 60, ...throughput },
    },
    "test",
  );
  if (!r.ok) throw new Error(JSON.stringify(r));
  return r.account.id;
}

/**
 * Reads an NDJSON body line by line; each read gives up after 5 s so a buffered answer fails instead of hanging.
 * Every line must parse with the stream's line schema, the one the browser reads it with (lib/account-tests/answers).
 */
function lineReader(res: Response, schema: z.ZodType) {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  let done = false;
  return {
    reader,
    /** The next line, or null at the end of the stream. */
    async next(): Promise<Line | null> {
      const deadline = Date.now() + 5000;
      for (;;) {
        const nl = buffer.indexOf("\n");
        if (nl >= 0) {
          const line = buffer.slice(0, nl);
          buffer = buffer.slice(nl + 1);
          const json = JSON.parse(line) as Line;
          expect(schema.safeParse(json).error?.issues, `a line the browser cannot read: ${line}`).toBeUndefined();
          return json;
        }
        if (done) {
          expect(buffer).toBe("");
          return null;
        }
        let timer: NodeJS.Timeout | undefined;
        const timeout = new Promise<never>((_, reject) => {
          timer = setTimeout(
            () => reject(new Error("No NDJSON line within 5 s: the answer is buffered")),
            Math.max(0, deadline - Date.now()),
          );
        });
        try {
          const chunk = await Promise.race([reader.read(), timeout]);
          if (chunk.done) done = true;
          else buffer += decoder.decode(chunk.value, { stream: true });
        } finally {
          clearTimeout(timer);
        }
      }
    },
    /** Every line left, up to the end of the stream. */
    async rest(): Promise<Line[]> {
      const lines: Line[] = [];
      for (let l = await this.next(); l !== null; l = await this.next()) lines.push(l);
      return lines;
    },
  };
}

const withoutType = (line: Line): Line => Object.fromEntries(Object.entries(line).filter(([k]) => k !== "type"));

const stepOf = ({ type, ...step }: Line) => {
  expect(type).toBe("step");
  return step;
};

beforeAll(async () => {
  sim = await startSimulator({
    systemId: "esme",
    password: PASSWORD,
    smscSystemId: "SIMSMSC",
    controlPort: null,
    receipts: { delayMs: 20 },
  });
  const u = await createUser({ email: "admin@stream.example", password: "a-long-password", role: "admin" });
  token = (await createApiToken(u.id, "t")).token;
});
afterEach(async () => {
  sim.setFaults({ stallBinds: false, stallEnquireLinks: false, stallSubmits: false });
  // Whatever happened, the test's session is gone at the SMSC.
  await eventually(() => sim.sessions().length === 0, 5000, "the test session to close");
  sim.reset();
});
afterAll(async () => {
  await sim.stop();
});

describe("POST /api/v1/accounts/{id}/test-connection as NDJSON", () => {
  it("streams the dns and tcp steps while the SMSC still holds the bind_resp, then the rest and the JSON answer last", async () => {
    sim.setFaults({ stallBinds: true });
    const res = await testConnection(ndjsonRequest("test-connection", {}), ctx(await saved()));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^application\/x-ndjson/);
    expect(res.headers.get("cache-control")).toContain("no-cache");
    expect(res.headers.get("x-accel-buffering")).toBe("no");
    const lines = lineReader(res, testConnectionLineSchema);

    const dns = stepOf((await lines.next())!);
    const tcp = stepOf((await lines.next())!);
    expect([dns, tcp]).toMatchObject([
      { step: "dns", ok: true, ms: expect.any(Number) },
      { step: "tcp", ok: true, ms: expect.any(Number) },
    ]);
    // The bind is at the SMSC, unanswered: these lines came before the bind could finish.
    await sim.waitFor((p) => p.command === "bind_transceiver");
    expect(sim.sessions()).toMatchObject([{ mode: null }]);

    sim.setFaults({ stallBinds: false });
    const rest = await lines.rest();
    const answer = rest.pop()!;
    expect(rest.map(stepOf).map((s) => [s.step, s.ok])).toEqual([
      ["bind", true],
      ["enquire_link", true],
      ["unbind", true],
    ]);
    // The last line is the plain JSON answer, with the very steps that were streamed.
    expect(Object.keys(answer).sort()).toEqual(["ok", "smscSystemId", "steps", "trace"]);
    expect(answer).toMatchObject({ ok: true, smscSystemId: "SIMSMSC" });
    expect(answer.steps).toEqual([dns, tcp, ...rest.map(stepOf)]);
    expect((answer.trace as { command: string }[]).map((p) => p.command)).toEqual([
      "bind_transceiver",
      "bind_transceiver_resp",
      "enquire_link",
      "enquire_link_resp",
      "unbind",
      "unbind_resp",
    ]);
    expect(JSON.stringify(answer)).not.toContain(PASSWORD);
  });

  it("streams the failed bind step, then the failure answer naming ESME_RBINDFAIL", async () => {
    const res = await testConnection(ndjsonRequest("test-connection", {}), ctx(await saved({}, { password: "wrongpw1" })));
    const lines = await lineReader(res, testConnectionLineSchema).rest();
    const answer = lines.pop()!;
    expect(lines.map(stepOf).map((s) => [s.step, s.ok])).toEqual([
      ["dns", true],
      ["tcp", true],
      ["bind", false],
    ]);
    expect(answer).toMatchObject({ ok: false, error: { step: "bind", code: "bind_refused", status: 0x0d } });
    expect((answer.error as { message: string }).message).toContain("ESME_RBINDFAIL (0x0000000D)");
    expect(JSON.stringify(lines)).not.toContain("wrongpw1");
  });

  it("closes the session at once when the request is aborted while the SMSC holds the bind_resp", async () => {
    sim.setFaults({ stallBinds: true });
    const client = new AbortController();
    const res = await testConnection(ndjsonRequest("test-connection", {}, client.signal), ctx(await saved()));
    const lines = lineReader(res, testConnectionLineSchema);
    expect(stepOf((await lines.next())!).step).toBe("dns");
    expect(stepOf((await lines.next())!).step).toBe("tcp");
    await sim.waitFor((p) => p.command === "bind_transceiver");
    expect(sim.sessions()).toHaveLength(1);

    client.abort();
    // bindTimeout is 60 s and the bind_resp is still held: only the abort can close the connection this soon.
    await eventually(() => sim.sessions().length === 0, 5000, "the aborted session to close at the SMSC");
    const rest = await lines.rest();
    expect(rest.at(-1)).toMatchObject({ ok: false, error: { code: "aborted" } });
  });

  it("closes a bound session when the client cancels the stream while enquire_link waits for its answer", async () => {
    sim.setFaults({ stallEnquireLinks: true });
    const res = await testConnection(ndjsonRequest("test-connection", {}), ctx(await saved()));
    const lines = lineReader(res, testConnectionLineSchema);
    for (const step of ["dns", "tcp", "bind"]) expect(stepOf((await lines.next())!)).toMatchObject({ step, ok: true });
    await sim.waitFor((p) => p.command === "enquire_link");
    expect(sim.sessions()).toMatchObject([{ mode: "transceiver" }]);

    // What the server does when the browser goes away mid-stream: the body is cancelled.
    await lines.reader.cancel();
    await eventually(() => sim.sessions().length === 0, 5000, "the cancelled session to close at the SMSC");
  });

  it("answers plain JSON, as before, without the Accept header", async () => {
    const req = ndjsonRequest("test-connection", {});
    req.headers.delete("accept");
    const res = await testConnection(req, ctx(await saved()));
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    expect((await res.json()).ok).toBe(true);
  });
});

describe("POST /api/v1/accounts/{id}/test-send as NDJSON", () => {
  it("streams the steps, each part's submit_sm_resp, then the receipt, and the JSON answer last", async () => {
    const res = await testSend(
      ndjsonRequest("test-send", { to: "33612345678", text: "x".repeat(200), waitForReceiptSeconds: 10 }),
      ctx(await saved()),
    );
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^application\/x-ndjson/);
    const lines = await lineReader(res, testSendLineSchema).rest();
    const answer = lines.pop()!;
    expect(lines.map((l) => (l.type === "step" ? `step ${l.step}` : l.type))).toEqual([
      "step dns",
      "step tcp",
      "step bind",
      "submit_sm_resp",
      "submit_sm_resp",
      "receipt",
      "step unbind",
    ]);
    const parts = lines.filter((l) => l.type === "submit_sm_resp").map(withoutType);
    expect(parts.map((p) => p.status)).toEqual(["ESME_ROK (0x00000000)", "ESME_ROK (0x00000000)"]);
    const receipt = withoutType(lines.find((l) => l.type === "receipt")!);
    expect(receipt).toMatchObject({ received: true, status: "DELIVRD", delivered: true });

    expect(answer).toMatchObject({ ok: true, encoding: "gsm7", parts: 2, destination: "33612345678", receipt });
    expect(answer.responses).toEqual([...parts].sort((a, b) => Number(a.part) - Number(b.part)));
    expect(answer.steps).toEqual(lines.filter((l) => l.type === "step").map(stepOf));
    expect(Object.keys(answer).sort()).toEqual(
      [
        "ok",
        "encoding",
        "dataCoding",
        "parts",
        "characters",
        "destination",
        "messageIds",
        "responses",
        "receipt",
        "steps",
        "trace",
      ].sort(),
    );
  });

  it("closes the session when the request is aborted while the SMSC sits on the submit_sm", async () => {
    sim.setFaults({ stallSubmits: true });
    const client = new AbortController();
    const res = await testSend(ndjsonRequest("test-send", { to: "33612345678", text: "Hi" }, client.signal), ctx(await saved()));
    const lines = lineReader(res, testSendLineSchema);
    for (const step of ["dns", "tcp", "bind"]) expect(stepOf((await lines.next())!)).toMatchObject({ step, ok: true });
    await sim.waitFor((p) => p.command === "submit_sm");

    client.abort();
    // mtTimeout is 60 s: only the abort can close the connection this soon.
    await eventually(() => sim.sessions().length === 0, 5000, "the aborted session to close at the SMSC");
    const rest = await lines.rest();
    expect(rest.at(-1)).toMatchObject({ ok: false, error: { code: "aborted" } });
  });

  it("still answers a refused number with a plain JSON 422, before any session", async () => {
    const res = await testSend(ndjsonRequest("test-send", { to: "06 12 ab", text: "Hi" }), ctx(await saved()));
    expect(res.status).toBe(422);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    expect((await res.json()).error.fields.to).toBeDefined();
    expect(sim.sessions()).toHaveLength(0);
  });
});
