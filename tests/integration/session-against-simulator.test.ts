import net from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { openSession, SmppSessionError, type SessionStep, type SessionSettings, type SmppSession } from "@/lib/smpp/session";
import { startSimulator, type Simulator } from "@/simulator";
import { loadOrCreateCertificate } from "@/simulator/certificate";
import { smpp, type SmppPdu } from "@/simulator/node-smpp";

// lib/smpp/session.ts over real TCP and TLS against the SMSC simulator: steps, errors in admin words, the window,
// mtTimeout, and no socket or timer left behind in any case.
let sim: Simulator;
let baseline: { sockets: number; timers: number };
const open: SmppSession[] = [];

const resources = () => {
  const info = process.getActiveResourcesInfo();
  return {
    sockets: info.filter((r) => r === "TCPSocketWrap" || r === "TLSWrap").length,
    timers: info.filter((r) => r === "Timeout").length,
  };
};

async function until(check: () => boolean, what: string, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setImmediate(r));
  }
}

/** Every session closed: no client socket, no simulator session, no timer beyond the baseline. */
async function expectNothingLeft(): Promise<void> {
  await until(() => sim.sessions().length === 0, "the simulator to see every connection closed");
  await until(() => resources().sockets <= baseline.sockets, "client sockets to be freed");
  await until(() => resources().timers <= baseline.timers, "session timers to be cleared");
}

const settings = (over: Partial<SessionSettings> = {}): SessionSettings => ({
  host: "127.0.0.1",
  port: sim.port,
  systemId: "esme",
  password: "secret1",
  bindTimeoutMs: 5000,
  ...over,
});

async function failure(s: SessionSettings, steps: SessionStep[] = []): Promise<SmppSessionError> {
  try {
    open.push(await openSession(s, { onStep: (x) => steps.push(x) }));
  } catch (e) {
    expect(e).toBeInstanceOf(SmppSessionError);
    return e as SmppSessionError;
  }
  throw new Error("the session opened");
}

beforeAll(async () => {
  sim = await startSimulator({ systemId: "esme", password: "secret1", smscSystemId: "SIMSMSC", controlPort: null });
  baseline = resources();
});
afterEach(async () => {
  for (const s of open.splice(0)) s.close("test end");
  sim.setFaults({ stallSubmits: false, stallEnquireLinks: false, rejectBinds: false });
  sim.setThrottle(0);
  await expectNothingLeft();
});
afterAll(async () => {
  await sim.stop();
});

describe("session steps and binds", () => {
  it("binds as transceiver, reports dns, tcp and bind with the SMSC system_id, submits, enquires, unbinds", async () => {
    const steps: SessionStep[] = [];
    const s = await openSession(settings({ host: "localhost" }), { onStep: (x) => steps.push(x) });
    open.push(s);
    expect(steps.map((x) => x.step)).toEqual(["dns", "tcp", "bind"]);
    expect(steps.every((x) => x.ok && x.ms >= 0)).toBe(true);
    expect(steps[0].detail).toMatch(/localhost → (127\.0\.0\.1|::1)/);
    expect(steps[2].detail).toContain('SMSC system_id "SIMSMSC"');
    expect(steps[2].detail).toContain("ESME_ROK (0x00000000)");
    expect(s.smscSystemId).toBe("SIMSMSC");
    expect(sim.sessions()[0].mode).toBe("transceiver");

    const r = await s.submit({ destination_addr: "33612345678", short_message: Buffer.from("hi") }, 5000);
    expect(r.commandStatus).toBe(0);
    expect(r.messageId).not.toBe("");
    expect((await s.enquireLink()).ok).toBe(true);
    const unbind = await s.unbind();
    expect(unbind).toMatchObject({ step: "unbind", ok: true });
    expect(s.closed).toBe(true);
    expect(steps.map((x) => x.step)).toEqual(["dns", "tcp", "bind", "enquire_link", "unbind"]);
  });

  it.each(["transmitter", "receiver"] as const)("binds as %s", async (bindMode) => {
    const s = await openSession(settings({ bindMode }));
    open.push(s);
    expect(sim.sessions()[0].mode).toBe(bindMode);
    await s.unbind();
  });

  it("names a wrong password ESME_RBINDFAIL (0x0000000D) at the bind step and closes", async () => {
    const steps: SessionStep[] = [];
    const e = await failure(settings({ password: "badpw42" }), steps);
    expect(e.step).toBe("bind");
    expect(e.code).toBe("bind_refused");
    expect(e.commandStatus).toBe(0x0d);
    expect(e.message).toContain("ESME_RBINDFAIL (0x0000000D)");
    expect(e.message).not.toContain("badpw42");
    expect(steps.at(-1)).toMatchObject({ step: "bind", ok: false });
  });

  it("says connection refused on a closed port", async () => {
    const free = net.createServer();
    await new Promise<void>((r) => free.listen(0, "127.0.0.1", r));
    const port = (free.address() as net.AddressInfo).port;
    await new Promise<void>((r) => free.close(() => r()));
    const steps: SessionStep[] = [];
    const e = await failure(settings({ port }), steps);
    expect(e.step).toBe("tcp");
    expect(e.code).toBe("connection_refused");
    expect(e.message).toMatch(/connection refused/i);
    expect(steps.map((x) => [x.step, x.ok])).toEqual([
      ["dns", true],
      ["tcp", false],
    ]);
  });

  it("says DNS failure for a name that does not exist", async () => {
    const e = await failure(settings({ host: "no-such-smsc.invalid" }));
    expect(e.step).toBe("dns");
    expect(e.message).toContain("ENOTFOUND");
  });

  it("times out after bindTimeout when the SMSC never answers the bind", async () => {
    const silent = net.createServer((socket) => socket.on("error", () => undefined));
    const sockets = new Set<net.Socket>();
    silent.on("connection", (c) => sockets.add(c));
    await new Promise<void>((r) => silent.listen(0, "127.0.0.1", r));
    try {
      const e = await failure(settings({ port: (silent.address() as net.AddressInfo).port, bindTimeoutMs: 300 }));
      expect(e.step).toBe("bind");
      expect(e.code).toBe("timeout");
      expect(e.message).toContain("Timed out after 0.3 s (bind timeout)");
    } finally {
      for (const c of sockets) c.destroy();
      await new Promise<void>((r) => silent.close(() => r()));
    }
  });
});

describe("TLS", () => {
  it("binds over TLS 1.2+ and reports the certificate subject and expiry (trusted via an explicit CA)", async () => {
    const { cert } = await loadOrCreateCertificate();
    const steps: SessionStep[] = [];
    const s = await openSession(settings({ port: sim.tlsPort!, tls: true, ca: cert }), { onStep: (x) => steps.push(x) });
    open.push(s);
    expect(steps.map((x) => x.step)).toEqual(["dns", "tcp", "tls", "bind"]);
    expect(steps[2].detail).toMatch(
      /^TLSv1\.[23], certificate CN=SMSC simulator \(issuer CN=SMSC simulator, self-signed\), valid until \d{4}-\d\d-\d\d; verified$/,
    );
    expect(sim.sessions()[0].tls).toBe(true);
    await s.unbind();
  });

  it("refuses the self-signed certificate under full verification, naming it", async () => {
    const e = await failure(settings({ port: sim.tlsPort!, tls: true }));
    expect(e.step).toBe("tls");
    expect(e.code).toBe("certificate_rejected");
    expect(e.message).toContain("self-signed");
  });

  it("accepts it when certificate verification is skipped, and says so", async () => {
    const steps: SessionStep[] = [];
    const s = await openSession(settings({ port: sim.tlsPort!, tls: true, certificateCheck: "skipCertificate" }), {
      onStep: (x) => steps.push(x),
    });
    open.push(s);
    expect(steps[2].detail).toContain("NOT verified");
    await s.unbind();
  });

  it("names TLS against a plain SMPP port", async () => {
    const e = await failure(settings({ tls: true, certificateCheck: "skipCertificate", bindTimeoutMs: 2000 }));
    expect(e.step).toBe("tls");
    expect(["tls_on_plain_port", "timeout"]).toContain(e.code);
    expect(e.message).toMatch(/plain SMPP/);
  });

  it("names plain SMPP against the TLS port", async () => {
    const e = await failure(settings({ port: sim.tlsPort!, bindTimeoutMs: 2000 }));
    expect(e.step).toBe("bind");
    expect(e.message).toMatch(/expects TLS, turn "Enable TLS over SMPP" on/);
  });
});

describe("submit_sm window and mtTimeout", () => {
  it("keeps at most `window` submit_sm outstanding and queues the others in order", async () => {
    sim.reset();
    sim.setFaults({ stallSubmits: true });
    const s = await openSession(settings({ window: 3 }));
    open.push(s);
    const results = Array.from({ length: 5 }, (_, i) =>
      s.submit({ destination_addr: "3361234567" + i, short_message: Buffer.from(`m${i}`) }, 60_000).catch((e: Error) => e),
    );
    expect(s.inFlight).toBe(3);
    expect(s.queued).toBe(2);
    await sim.waitFor((p) => p.command === "submit_sm", { count: 3 });
    // enquire_link is written after the submits: once it is answered, the SMSC has read everything sent before it.
    await s.enquireLink();
    expect(sim.received.filter((p) => p.command === "submit_sm").map((p) => p.fields.destination_addr)).toEqual([
      "33612345670",
      "33612345671",
      "33612345672",
    ]);
    s.close("done");
    for (const r of await Promise.all(results)) expect((r as SmppSessionError).code).toBe("closed");
  });

  it("rejects a submit_sm unanswered past mtTimeout, frees its window slot, and the session stays usable", async () => {
    sim.setFaults({ stallSubmits: true });
    const s = await openSession(settings({ window: 1 }));
    open.push(s);
    const first = s.submit({ destination_addr: "33612345678", short_message: Buffer.from("a") }, 200);
    const second = s.submit({ destination_addr: "33612345679", short_message: Buffer.from("b") }, 200);
    await expect(first).rejects.toMatchObject({
      code: "mt_timeout",
      step: "submit",
      message: expect.stringContaining("No submit_sm_resp within 0.2 s"),
    });
    await expect(second).rejects.toMatchObject({ code: "mt_timeout" });
    sim.setFaults({ stallSubmits: false });
    expect((await s.submit({ destination_addr: "33612345670", short_message: Buffer.from("c") }, 5000)).commandStatus).toBe(0);
    await s.unbind();
  });

  it("rejects pending submits when the SMSC drops the connection, and reports the close", async () => {
    sim.setFaults({ stallSubmits: true });
    const s = await openSession(settings());
    open.push(s);
    const closed = new Promise((r) => s.once("close", r));
    const pending = s.submit({ destination_addr: "33612345678", short_message: Buffer.from("a") }, 60_000);
    await sim.waitFor((p) => p.command === "submit_sm");
    sim.dropConnections();
    await expect(pending).rejects.toMatchObject({ code: "closed" });
    expect(await closed).toMatchObject({ reason: expect.stringMatching(/SMSC (closed|reset) the connection/) });
    await expect(s.submit({ destination_addr: "33612345678", short_message: Buffer.from("b") }, 1000)).rejects.toMatchObject({
      code: "closed",
    });
  });
});

describe("mtPerSecond, enquire_link and protocol errors", () => {
  const submit = (s: SmppSession, i: number) =>
    s.submit({ destination_addr: `336123456${10 + i}`, short_message: Buffer.from("t") }, 10_000);

  it("keeps under the SMSC's rate with mtPerSecond, where the same burst without it is throttled by name", async () => {
    sim.setThrottle(4);
    const unlimited = await openSession(settings({ window: 10 }));
    open.push(unlimited);
    const burst = await Promise.all(Array.from({ length: 8 }, (_, i) => submit(unlimited, i)));
    expect(burst.filter((r) => r.commandStatus === 0x58).length).toBeGreaterThan(0);
    await unlimited.unbind();

    const limited = await openSession(settings({ window: 10, mtPerSecond: 4 }));
    open.push(limited);
    const paced = await Promise.all(Array.from({ length: 10 }, (_, i) => submit(limited, i)));
    expect(paced.map((r) => r.commandStatus)).toEqual(Array(10).fill(0));
    const at = sim.received
      .filter((p) => p.command === "submit_sm")
      .slice(-10)
      .map((p) => p.at);
    for (let i = 4; i < at.length; i++) expect(at[i] - at[i - 4]).toBeGreaterThanOrEqual(999);
    await limited.unbind();
  });

  it("sends enquire_link when idle and closes a connection whose SMSC stops answering it", async () => {
    const s = await openSession(settings({ enquireLinkPeriodMs: 250 }));
    open.push(s);
    await sim.waitFor((p) => p.command === "enquire_link");
    expect(s.closed).toBe(false);
    sim.setFaults({ stallEnquireLinks: true });
    const info = await new Promise<{ reason: string }>((r) => s.once("close", r));
    expect(info.reason).toContain("no enquire_link_resp within 0.5 s");
  });

  it("answers a PDU it cannot decode, and an unknown command, with generic_nack and stays bound", async () => {
    const s = await openSession(settings());
    open.push(s);
    const id = sim.sessions()[0].id;
    expect(await sim.sendMalformedPdu(id, "truncated")).toMatchObject({ command: "generic_nack", command_status: 0x02 });
    expect(await sim.sendMalformedPdu(id, "unknownCommand")).toMatchObject({ command: "generic_nack", command_status: 0x03 });
    expect((await submit(s, 0)).commandStatus).toBe(0);
    await s.unbind();
  });

  it("answers deliver_sm nobody listens to with a temporary error so the SMSC delivers it again", async () => {
    const s = await openSession(settings());
    open.push(s);
    const r = await sim.pushMo({ from: "33612345678", to: "1234", text: "hello", session: sim.sessions()[0].id });
    expect(r.statusName).toContain("ESME_RX_T_APPN");
    await s.unbind();
  });
});

describe("SMSC-initiated unbind", () => {
  it("answers the SMSC's unbind with unbind_resp before closing", async () => {
    // The simulator never unbinds on its own: a bare node-smpp server does it here.
    let answered!: (pdu: SmppPdu) => void;
    const unbindResp = new Promise<SmppPdu>((resolve) => (answered = resolve));
    const server = smpp.createServer({}, (smsc) => {
      smsc.on("error", () => undefined);
      smsc.on("bind_transceiver", (pdu: SmppPdu) => smsc.send(pdu.response({ system_id: "BARE" })));
      smsc.on("enquire_link", (pdu: SmppPdu) => {
        smsc.send(pdu.response());
        smsc.unbind({}, answered);
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
    try {
      const s = await openSession(settings({ port: (server.address() as net.AddressInfo).port }));
      open.push(s);
      const closed = new Promise<{ reason: string }>((r) => s.once("close", r));
      await s.enquireLink();
      expect((await unbindResp).command).toBe("unbind_resp");
      expect((await closed).reason).toBe("the SMSC unbound");
    } finally {
      for (const c of server.sessions) c.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});
