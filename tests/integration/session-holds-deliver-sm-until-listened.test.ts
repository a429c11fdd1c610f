// lib/smpp session: a deliver_sm written by the SMSC right behind bind_resp (simulator fault moAfterBind, same TCP
// write) reaches a listener added once openSession has resolved; nobody listening still means ESME_RX_T_APPN, as
// does a test send that is not waiting for it.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { getAccount, getAccountSecrets, createAccount } from "@/lib/accounts/repository";
import { testSendBodySchema } from "@/lib/account-tests/answers";
import { testSend } from "@/lib/account-tests/test-send";
import { COMMAND_STATUS } from "@/lib/smpp/codec/command-status";
import { classifyDeliverSm, type IncomingPdu } from "@/lib/smpp/incoming";
import { openSession, type Pdu, type SessionSettings, type SmppSession } from "@/lib/smpp/session";
import { startSimulator, type Simulator } from "@/simulator";
import type { MoRequest } from "@/simulator/types";

const PASSWORD = "pw8Chars";
let sim: Simulator;
const open: SmppSession[] = [];

const settings = (over: Partial<SessionSettings> = {}): SessionSettings => ({
  host: "127.0.0.1",
  port: sim.port,
  systemId: "esme",
  password: PASSWORD,
  bindTimeoutMs: 5000,
  ...over,
});

const mo = (from: string, text: string): MoRequest => ({ from, to: "36444", text });

async function deliverSmResps(count: number) {
  return sim.waitFor((p) => p.command === "deliver_sm_resp", { count, timeoutMs: 5000 });
}

beforeAll(async () => {
  sim = await startSimulator({
    systemId: "esme",
    password: PASSWORD,
    tlsPort: null,
    controlPort: null,
    receipts: { delayMs: 20 },
  });
});
afterEach(async () => {
  for (const s of open.splice(0)) s.close("test over");
  sim.reset();
});
afterAll(async () => {
  await sim.stop();
});

describe("deliver_sm behind bind_resp", () => {
  it("goes to the listener added right after openSession resolves, in arrival order", async () => {
    sim.setFaults({ moAfterBind: { ...mo("33644000001", "first long text that needs two parts ".repeat(5)), concat: "udh" } });
    const s = await openSession(settings());
    open.push(s);
    const seen: Pdu[] = [];
    s.on("deliver_sm", (pdu) => {
      seen.push(pdu);
      s.respond(pdu);
    });
    const resps = await deliverSmResps(2);
    expect(resps.map((r) => r.commandStatus)).toEqual([0, 0]);
    const parts = seen.map((p) => classifyDeliverSm(p as IncomingPdu));
    expect(parts.map((p) => (p.kind === "mo" ? p.concat?.sequence : null))).toEqual([1, 2]);
  });

  it("is refused with ESME_RX_T_APPN when the caller adds no listener (the SMSC delivers it again elsewhere)", async () => {
    sim.setFaults({ moAfterBind: mo("33644000002", "nobody listens") });
    const s = await openSession(settings());
    open.push(s);
    const [resp] = await deliverSmResps(1);
    expect(resp.commandStatus).toBe(COMMAND_STATUS.ESME_RX_T_APPN);
    // Later ones too, at once, as before.
    const later = await sim.pushMo(mo("33644000003", "still nobody"));
    expect(later.status).toBe(COMMAND_STATUS.ESME_RX_T_APPN);
  });

  it("Test send refuses an MO that came with its bind_resp (ESME_RX_T_APPN) and still gets its own receipt", async () => {
    const r = await createAccount(
      {
        label: "Held MO test send",
        connection: { host: "127.0.0.1", port: sim.port, systemId: "esme", password: PASSWORD },
        channel: { sourceNumber: "ACME", sourceTon: 5, sourceNpi: 0 },
        throughput: { bindTimeout: 3, mtTimeout: 3 },
      },
      "test",
    );
    if (!r.ok) throw new Error(JSON.stringify(r));
    sim.setFaults({ moAfterBind: mo("33644000004", "meant for the connector") });
    const account = (await getAccount(r.account.id))!;
    const result = await testSend(
      r.account.id,
      account,
      (await getAccountSecrets(r.account.id))!,
      testSendBodySchema.parse({ to: "33612345678", text: "Test", waitForReceiptSeconds: 5 }),
    );
    expect("answer" in result && result.answer.receipt?.delivered).toBe(true);
    const resps = sim.received.filter((p) => p.command === "deliver_sm_resp");
    // The MO (refused) and the test's own receipt (accepted).
    expect(resps.map((p) => p.commandStatus).sort()).toEqual([0, COMMAND_STATUS.ESME_RX_T_APPN]);
  });
});
