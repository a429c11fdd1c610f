import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { COMMAND_STATUS } from "@/lib/smpp/codec/command-status";
import { startSimulator, type Simulator } from "@/simulator";
import { connectBare } from "@/simulator/bare-client";

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ systemId: "esme", password: "pw", tlsPort: null, controlPort: null });
});
afterAll(() => sim.stop());

const submit = (i: number) => ({
  source_addr: "1234",
  destination_addr: `3361234${String(i).padStart(4, "0")}`,
  short_message: `m${i}`,
});

async function boundClient() {
  const c = await connectBare({ port: sim.port });
  expect((await c.bind("transceiver", "esme", "pw")).command_status).toBe(0);
  return c;
}

describe("simulator throttling", () => {
  it("answers ESME_RTHROTTLED past the per-bind limit within one second, and counts each bind apart", async () => {
    sim.setThrottle(5);
    const a = await boundClient();
    const b = await boundClient();
    // 8 submits sent at once on each bind: well within one second on any machine, so exactly 5 pass per bind.
    const [ra, rb] = await Promise.all(
      [a, b].map((c) => Promise.all(Array.from({ length: 8 }, (_, i) => c.request("submit_sm", submit(i))))),
    );
    for (const responses of [ra, rb]) {
      const statuses = responses.map((r) => r.command_status);
      expect(statuses.filter((s) => s === COMMAND_STATUS.ESME_ROK)).toHaveLength(5);
      expect(statuses.filter((s) => s === COMMAND_STATUS.ESME_RTHROTTLED)).toHaveLength(3);
      // Accepted ones carry a message id, throttled ones none.
      expect(
        responses.filter((r) => r.command_status === 0).every((r) => typeof r.message_id === "string" && r.message_id !== ""),
      ).toBe(true);
    }
    expect(sim.stats().throttled).toBe(6);
    sim.setThrottle(0);
    const after = await Promise.all(Array.from({ length: 20 }, (_, i) => a.request("submit_sm", submit(i))));
    expect(after.every((r) => r.command_status === 0)).toBe(true);
    await Promise.all([a.close(), b.close()]);
  });
});

describe("simulator faults", () => {
  it("drops the connection, without unbind, once a session has sent dropAfterPdus PDUs since the fault was set", async () => {
    const c = await boundClient();
    sim.setFaults({ dropAfterPdus: 3 });
    const results = await Promise.allSettled([0, 1, 2].map((i) => c.request("submit_sm", submit(i))));
    await c.closed;
    // The first two were answered; the third PDU closed the connection before any answer.
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "fulfilled", "rejected"]);
    const survivors = await boundClient();
    expect((await survivors.request("submit_sm", submit(9))).command_status).toBe(0);
    sim.setFaults({ dropAfterPdus: null });
    await survivors.close();
  });

  it("stops answering submit_sm while stallSubmits is on, still recording them", async () => {
    const c = await boundClient();
    sim.setFaults({ stallSubmits: true });
    let answered = 0;
    const stalled = c.request("submit_sm", { ...submit(1), short_message: "stalled" }).then(
      () => answered++,
      () => undefined,
    );
    const [seen] = await sim.waitFor(
      (p) => p.command === "submit_sm" && (p.fields.short_message as { message: string }).message === "stalled",
    );
    expect((await c.request("enquire_link")).command).toBe("enquire_link_resp");
    expect(answered).toBe(0);
    sim.setFaults({ stallSubmits: false });
    expect((await c.request("submit_sm", submit(2))).command_status).toBe(0);
    expect(answered).toBe(0);
    expect(seen.raw).not.toBeNull();
    await c.close();
    await stalled;
  });

  it("answers every submit_sm with the submitStatus fault's status", async () => {
    const c = await boundClient();
    sim.setFaults({ submitStatus: COMMAND_STATUS.ESME_RINVDSTADR });
    expect((await c.request("submit_sm", submit(1))).command_status).toBe(COMMAND_STATUS.ESME_RINVDSTADR);
    sim.setFaults({ submitStatus: null });
    expect((await c.request("submit_sm", submit(1))).command_status).toBe(0);
    await c.close();
  });

  it("sends a malformed PDU on demand and reports the client's generic_nack", async () => {
    const c = await boundClient();
    const session = sim.sessions().find((s) => s.mode === "transceiver")!;
    const answer = await sim.sendMalformedPdu(session.id, "unknownCommand");
    expect(answer.command).toBe("generic_nack");
    expect(answer.command_status).toBe(COMMAND_STATUS.ESME_RINVCMDID);
    // The session goes on.
    expect((await c.request("submit_sm", submit(1))).command_status).toBe(0);
    await c.close();
  });

  it("closes every connection on dropConnections", async () => {
    const c = await boundClient();
    sim.dropConnections();
    await c.closed;
    expect(sim.sessions()).toHaveLength(0);
  });
});

describe("simulator received log", () => {
  it("keeps the exact octets of each PDU and a receive time per session", async () => {
    sim.reset();
    const c = await boundClient();
    const fields = {
      source_addr: "Brand",
      destination_addr: "33612345678",
      data_coding: 8,
      short_message: Buffer.from("00e9", "hex"),
      registered_delivery: 0,
    };
    const resp = await c.request("submit_sm", fields);
    expect(resp.command_status).toBe(0);
    const [entry] = await sim.waitFor((p) => p.command === "submit_sm");
    const header = Buffer.alloc(16);
    const body = Buffer.concat([
      Buffer.from([0]), // service_type ""
      Buffer.from([0, 0]),
      Buffer.from("Brand\0", "ascii"),
      Buffer.from([0, 0]),
      Buffer.from("33612345678\0", "ascii"),
      Buffer.from([0, 0, 0]), // esm_class, protocol_id, priority_flag
      Buffer.from([0, 0]), // schedule_delivery_time, validity_period
      Buffer.from([0, 0, 8, 0, 2, 0x00, 0xe9]),
    ]);
    header.writeUInt32BE(16 + body.length, 0);
    header.writeUInt32BE(0x00000004, 4);
    header.writeUInt32BE(entry.sequenceNumber, 12);
    expect(entry.raw!.toString("hex")).toBe(Buffer.concat([header, body]).toString("hex"));
    expect(entry.at).toBeGreaterThan(Date.now() - 60_000);
    expect(entry.at).toBeLessThanOrEqual(Date.now() + 1);
    expect(entry.systemId).toBe("esme");
    await c.close();
  });
});
