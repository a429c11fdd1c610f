import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as testConnection } from "@/app/api/v1/accounts/[id]/test-connection/route";
import { POST as testSend } from "@/app/api/v1/accounts/[id]/test-send/route";
import { GET } from "@/app/api/v1/accounts/[id]/traces/route";
import { DELETE as deleteAccountRoute } from "@/app/api/v1/accounts/[id]/route";
import { Connector } from "@/lib/connector/service";
import { createAccount } from "@/lib/accounts/repository";
import { appendTraces, flushTraces, MAX_BYTES, readTraces, traceFile } from "@/lib/traces/trace-log";
import type { TracePdu } from "@/lib/smpp/trace";
import { startSimulator, type Simulator } from "@/simulator";
import { roleTokens } from "../support/role-users";

// Verbose SMPP traces: the per-account log under DATA_DIR/traces, written by test sessions when the option is on,
// read back through GET /api/v1/accounts/{id}/traces; the password never reaches the file or the answer.
const PASSWORD = "Tr4ceMe";
const tokens: Record<string, string> = {};
let sim: Simulator;

const request = (method: string, path: string, role: string, body?: unknown) =>
  new Request(`http://localhost${path}`, {
    method,
    headers: { authorization: `Bearer ${tokens[role]}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
const ctx = (id: string) => ({ params: Promise.resolve({ id }) });

async function saved(verboseTraces: boolean): Promise<string> {
  const r = await createAccount(
    {
      label: `Trace ${Math.random()}`,
      connection: { host: "127.0.0.1", port: sim.port, systemId: "esme", password: PASSWORD, verboseTraces },
      throughput: { bindTimeout: 3, mtTimeout: 3 },
    },
    "test",
  );
  if (!r.ok) throw new Error(JSON.stringify(r));
  return r.account.id;
}

beforeAll(async () => {
  sim = await startSimulator({ systemId: "esme", password: PASSWORD, controlPort: null });
  Object.assign(tokens, await roleTokens("tr.example"));
});
afterAll(async () => {
  await sim.stop();
});

describe("verbose SMPP traces", () => {
  it("writes every PDU of the account's test sessions to its log, password masked, and serves the latest ones", async () => {
    const id = await saved(true);
    expect((await testConnection(request("POST", "/", "admin"), ctx(id))).status).toBe(200);
    expect((await testSend(request("POST", "/", "admin", { to: "33612345678", text: "Trace me" }), ctx(id))).status).toBe(200);
    await flushTraces(id);

    const file = fs.readFileSync(traceFile(id), "utf8");
    expect(file).not.toContain(PASSWORD);
    expect(file).not.toContain(Buffer.from(PASSWORD).toString("hex"));
    const lines = file
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as TracePdu);
    expect(lines.map((p) => p.command)).toEqual([
      ...["bind_transceiver", "bind_transceiver_resp", "enquire_link", "enquire_link_resp", "unbind", "unbind_resp"],
      ...["bind_transceiver", "bind_transceiver_resp", "submit_sm", "submit_sm_resp", "unbind", "unbind_resp"],
    ]);

    const res = await GET(request("GET", `/api/v1/accounts/${id}/traces?limit=3`, "viewer"), ctx(id));
    expect(res.status).toBe(200);
    const latest = await res.json();
    expect(latest.verboseTraces).toBe(true);
    expect(latest.items.map((p: TracePdu) => p.command)).toEqual(["submit_sm_resp", "unbind", "unbind_resp"]);

    const submits = await (
      await GET(request("GET", `/api/v1/accounts/${id}/traces?command=submit_sm`, "viewer"), ctx(id))
    ).json();
    expect(submits.items).toHaveLength(2);
    expect(submits.items[0]).toMatchObject({ direction: "out", command: "submit_sm", status: "ESME_ROK (0x00000000)" });
    expect(submits.items[0].fields.short_message.text).toBe("Trace me");
    expect(submits.items[0].fields.destination_addr).toBe("33612345678");
    expect(submits.items[1]).toMatchObject({ direction: "in", command: "submit_sm_resp" });

    const binds = await (
      await GET(request("GET", `/api/v1/accounts/${id}/traces?command=bind_transceiver&limit=1`, "viewer"), ctx(id))
    ).json();
    expect(binds.items[0].command).toBe("bind_transceiver_resp");

    const download = await GET(request("GET", `/api/v1/accounts/${id}/traces?download=1`, "viewer"), ctx(id));
    expect(download.headers.get("content-disposition")).toMatch(/^attachment; filename="smpp-trace-.+\.jsonl"$/);
    expect(await download.text()).toBe(file);
  });

  it("writes nothing when the option is off, while the test answer still carries its own trace", async () => {
    const id = await saved(false);
    const body = await (await testConnection(request("POST", "/", "admin"), ctx(id))).json();
    expect(body.trace.length).toBe(6);
    await flushTraces();
    expect(fs.existsSync(traceFile(id))).toBe(false);
    expect((await (await GET(request("GET", `/api/v1/accounts/${id}/traces`, "viewer"), ctx(id))).json()).items).toEqual([]);
  });

  it("rotates the log past its size limit and still reads the latest PDUs across both files", async () => {
    const id = await saved(true);
    const pdu = (n: number): TracePdu => ({
      at: new Date(n).toISOString(),
      direction: "out",
      command: "enquire_link",
      sequence: n,
      status: "ESME_ROK (0x00000000)",
      fields: { pad: "x".repeat(1000) },
      hex: "",
    });
    const batch = (from: number) => Array.from({ length: 1000 }, (_, i) => pdu(from + i));
    for (let i = 0; i * 1000 * 1100 < MAX_BYTES + 2_000_000; i++) {
      appendTraces(id, batch(i * 1000));
      await flushTraces(id);
    }
    expect(fs.statSync(traceFile(id)).size).toBeLessThanOrEqual(MAX_BYTES);
    expect(fs.existsSync(traceFile(id, 1))).toBe(true);
    const last = await readTraces(id, { limit: 5000 });
    expect(last).toHaveLength(5000);
    const seqs = last.map((p) => p.sequence);
    expect(seqs.every((s, i) => i === 0 || s === seqs[i - 1] + 1)).toBe(true);
  });

  it("removes a deleted account's trace log, both files, and what its connector still had queued", async () => {
    const id = await saved(true);
    appendTraces(id, [
      { at: new Date().toISOString(), direction: "out", command: "enquire_link", sequence: 1, status: "", fields: {}, hex: "" },
    ]);
    await flushTraces(id);
    fs.copyFileSync(traceFile(id), traceFile(id, 1));
    const keep = await saved(true);
    appendTraces(keep, [
      { at: new Date().toISOString(), direction: "out", command: "enquire_link", sequence: 1, status: "", fields: {}, hex: "" },
    ]);
    await flushTraces(keep);

    // A PDU queued by the connector after the web server removed the files: written once the account is gone.
    appendTraces(id, [
      { at: new Date().toISOString(), direction: "in", command: "unbind", sequence: 2, status: "", fields: {}, hex: "" },
    ]);
    expect((await deleteAccountRoute(request("DELETE", `/api/v1/accounts/${id}`, "admin"), ctx(id))).status).toBe(204);
    expect(fs.existsSync(traceFile(id))).toBe(false);
    expect(fs.existsSync(traceFile(id, 1))).toBe(false);
    appendTraces(id, [
      { at: new Date().toISOString(), direction: "in", command: "unbind", sequence: 3, status: "", fields: {}, hex: "" },
    ]);
    await new Connector({ sweepMs: 0, log: () => undefined }).refresh(id);
    await flushTraces();
    expect(fs.existsSync(traceFile(id))).toBe(false);
    // Another account's log is left alone.
    expect(fs.existsSync(traceFile(keep))).toBe(true);
  });

  it("answers 422 for a bad limit and 404 for an unknown account", async () => {
    const id = await saved(false);
    expect((await GET(request("GET", `/x?limit=0`, "viewer"), ctx(id))).status).toBe(422);
    expect((await GET(request("GET", `/x`, "viewer"), ctx("nope"))).status).toBe(404);
  });
});
