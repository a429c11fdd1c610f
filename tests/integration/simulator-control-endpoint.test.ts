import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { COMMAND_STATUS } from "@/lib/smpp/codec/command-status";
import { startSimulator, type Simulator } from "@/simulator";
import { connectBare, type BareClient } from "@/simulator/bare-client";

let sim: Simulator;
let c: BareClient;
beforeAll(async () => {
  sim = await startSimulator({ systemId: "esme", password: "s3cret-pw", tlsPort: null });
  c = await connectBare({ port: sim.port });
  expect((await c.bind("transceiver", "esme", "s3cret-pw")).command_status).toBe(0);
});
afterAll(async () => {
  await c.close();
  await sim.stop();
});

const call = async (method: string, path: string, body?: unknown) => {
  const res = await fetch(`${sim.controlUrl}${path}`, { method, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
};

describe("simulator HTTP control endpoint", () => {
  it("pushes an MO to the bound transceiver and returns the deliver_sm_resp status", async () => {
    const r = await call("POST", "/mo", { from: "33612345678", to: "38100", text: "HELLO" });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ status: 0, statusName: "ESME_ROK (0x00000000)", parts: 1 });
    expect(c.inbound.at(-1)?.command).toBe("deliver_sm");
    expect(await call("POST", "/mo", { from: 1 })).toMatchObject({ status: 400 });
  });

  it("pushes a status report for a given id", async () => {
    const r = await call("POST", "/receipt", { messageId: "ABC123", stat: "UNDELIV" });
    expect(r).toMatchObject({ status: 200, json: { status: 0 } });
    const sr = c.inbound.at(-1)!;
    expect(sr).toMatchObject({ command: "deliver_sm", esm_class: 4, receipted_message_id: "ABC123", message_state: 5 });
    expect(await call("POST", "/receipt", {})).toMatchObject({ status: 400 });
  });

  it("lists received PDUs since an index, as JSON with hex octets and the bind password hidden", async () => {
    await c.request("submit_sm", { destination_addr: "33612345678", short_message: "abc" });
    const all = await call("GET", "/received?since=0");
    const entries = all.json.entries as { index: number; command: string; hex: string | null; fields: Record<string, unknown> }[];
    const bind = entries.find((e) => e.command === "bind_transceiver")!;
    expect(bind.fields.password).toBe("********");
    expect(bind.hex).toBeNull();
    expect(JSON.stringify(all.json)).not.toContain("s3cret-pw");
    const submit = entries.find((e) => e.command === "submit_sm")!;
    expect(submit.hex).toMatch(/^[0-9a-f]+$/);
    expect(submit.hex).toContain(Buffer.from("abc").toString("hex"));
    const later = await call("GET", `/received?since=${submit.index}&command=submit_sm`);
    expect((later.json.entries as unknown[]).length).toBe(1);
    expect(later.json.next).toBe(entries.length);
  });

  it("sets faults and the throttle, reports stats and resets", async () => {
    expect((await call("POST", "/faults", { submitStatus: COMMAND_STATUS.ESME_RSYSERR })).json).toMatchObject({
      faults: { submitStatus: 8 },
    });
    expect((await c.request("submit_sm", { destination_addr: "1", short_message: "x" })).command_status).toBe(
      COMMAND_STATUS.ESME_RSYSERR,
    );
    await call("POST", "/faults", { submitStatus: null, throttlePerSecond: 1 });
    const statuses = await Promise.all(
      [1, 2].map(() => c.request("submit_sm", { destination_addr: "1", short_message: "x" }).then((r) => r.command_status)),
    );
    expect(statuses).toEqual([0, COMMAND_STATUS.ESME_RTHROTTLED]);
    await call("POST", "/faults", { throttlePerSecond: 0 });
    const stats = await call("GET", "/stats");
    expect(stats.json).toMatchObject({ throttled: 1, moSent: 1 });
    expect(stats.json.sessions).toEqual([expect.objectContaining({ mode: "transceiver", systemId: "esme", tls: false })]);
    expect((await call("POST", "/reset")).status).toBe(200);
    expect((await call("GET", "/stats")).json).toMatchObject({ submitSm: 0, throttled: 0 });
    expect(((await call("GET", "/received?since=0")).json.entries as unknown[]).length).toBe(0);
  });

  it("sends a malformed PDU and drops connections on request", async () => {
    const r = await call("POST", "/malformed", { kind: "unknownCommand" });
    expect(r.json).toMatchObject({ answer: { command: "generic_nack", commandStatus: COMMAND_STATUS.ESME_RINVCMDID } });
    expect((await call("POST", "/drop")).status).toBe(200);
    await c.closed;
    expect(((await call("GET", "/stats")).json.sessions as unknown[]).length).toBe(0);
    expect((await call("GET", "/nowhere")).status).toBe(404);
  });
});
