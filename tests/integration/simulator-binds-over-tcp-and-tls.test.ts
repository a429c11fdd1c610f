import { afterAll, beforeAll, describe, expect, it } from "vitest";
import tls from "node:tls";
import { COMMAND_STATUS } from "@/lib/smpp/codec/command-status";
import { startSimulator, type Simulator } from "@/simulator";
import { connectBare } from "@/simulator/bare-client";

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({
    systemId: "esme",
    password: "pw",
    credentials: [{ systemId: "rx", password: "rxpw" }],
    smscSystemId: "SIM1",
  });
});
afterAll(() => sim.stop());

describe.each([
  ["TCP", false],
  ["TLS", true],
])("simulator binds over %s", (_name, useTls) => {
  const port = () => (useTls ? sim.tlsPort! : sim.port);

  it("accepts the configured credentials and names itself in bind_resp", async () => {
    const c = await connectBare({ port: port(), tls: useTls });
    const resp = await c.bind("transceiver", "esme", "pw");
    expect(resp.command).toBe("bind_transceiver_resp");
    expect(resp.command_status).toBe(COMMAND_STATUS.ESME_ROK);
    expect(resp.system_id).toBe("SIM1");
    const unbind = await c.request("unbind");
    expect(unbind.command).toBe("unbind_resp");
    await c.closed;
    const session = sim.received.find((p) => p.command === "bind_transceiver" && p.tls === useTls && p.systemId === null);
    expect(session).toBeDefined();
  });

  it("accepts the extra credentials of a separate receiver", async () => {
    const c = await connectBare({ port: port(), tls: useTls });
    expect((await c.bind("receiver", "rx", "rxpw")).command_status).toBe(COMMAND_STATUS.ESME_ROK);
    // A receiver may not submit (SMPP v3.4 §2.3).
    expect((await c.request("submit_sm", { destination_addr: "1", short_message: "x" })).command_status).toBe(
      COMMAND_STATUS.ESME_RINVBNDSTS,
    );
    await c.close();
  });

  it("refuses a wrong password and an unknown system_id with ESME_RBINDFAIL", async () => {
    const c = await connectBare({ port: port(), tls: useTls });
    expect((await c.bind("transmitter", "esme", "wrong")).command_status).toBe(COMMAND_STATUS.ESME_RBINDFAIL);
    expect((await c.bind("transmitter", "nobody", "pw")).command_status).toBe(COMMAND_STATUS.ESME_RBINDFAIL);
    // Still unbound after the refusals.
    expect((await c.request("submit_sm", { destination_addr: "1", short_message: "x" })).command_status).toBe(
      COMMAND_STATUS.ESME_RINVBNDSTS,
    );
    await c.close();
  });

  it("refuses a second bind on the same connection with ESME_RALYBND", async () => {
    const c = await connectBare({ port: port(), tls: useTls });
    expect((await c.bind("transmitter", "esme", "pw")).command_status).toBe(COMMAND_STATUS.ESME_ROK);
    expect((await c.bind("transmitter", "esme", "pw")).command_status).toBe(COMMAND_STATUS.ESME_RALYBND);
    await c.close();
  });
});

describe("simulator TLS port", () => {
  it("presents its self-signed certificate for localhost", async () => {
    const socket = tls.connect({ host: "127.0.0.1", port: sim.tlsPort!, rejectUnauthorized: false, servername: "localhost" });
    await new Promise<void>((resolve, reject) => socket.once("secureConnect", resolve).once("error", reject));
    const cert = socket.getPeerCertificate();
    socket.destroy();
    expect(cert.subject.CN).toBe("SMSC simulator");
    expect(cert.subjectaltname).toContain("DNS:localhost");
    expect(Date.parse(cert.valid_to)).toBeGreaterThan(Date.now());
  });

  it("rejects binds of every kind while the rejectBinds fault is on, with the status asked for", async () => {
    sim.setFaults({ rejectBinds: true });
    const c = await connectBare({ port: sim.port });
    expect((await c.bind("transceiver", "esme", "pw")).command_status).toBe(COMMAND_STATUS.ESME_RBINDFAIL);
    sim.setFaults({ rejectBinds: COMMAND_STATUS.ESME_RSYSERR });
    expect((await c.bind("receiver", "esme", "pw")).command_status).toBe(COMMAND_STATUS.ESME_RSYSERR);
    sim.setFaults({ rejectBinds: false });
    expect((await c.bind("receiver", "esme", "pw")).command_status).toBe(COMMAND_STATUS.ESME_ROK);
    await c.close();
  });

  it("answers enquire_link, and stops answering it under the stallEnquireLinks fault", async () => {
    const c = await connectBare({ port: sim.port });
    await c.bind("transceiver", "esme", "pw");
    expect((await c.request("enquire_link")).command).toBe("enquire_link_resp");
    sim.setFaults({ stallEnquireLinks: true });
    let answered = false;
    void c.request("enquire_link").then(
      () => (answered = true),
      () => undefined,
    );
    const [seen] = await sim.waitFor((p) => p.command === "enquire_link" && p.sequenceNumber === 3);
    // The simulator answers synchronously when it answers: a round trip after the stalled one proves it stayed silent.
    sim.setFaults({ stallEnquireLinks: false });
    expect((await c.request("enquire_link")).command).toBe("enquire_link_resp");
    expect(answered).toBe(false);
    expect(seen.session).toBeGreaterThan(0);
    await c.close();
  });
});
