import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeWriter } from "@/lib/storage/writer";
import type { Connector } from "@/lib/connector/service";
import { db } from "@/lib/db";
import { isQuarantined } from "@/lib/quarantine/store";
import type { Simulator } from "@/simulator";
import { createSimAccount, eventually, newConnector, startSim } from "../support/connector-test-kit";

let sim: Simulator;
let connector: Connector;
let accountId: string;

beforeAll(async () => {
  sim = await startSim();
  connector = newConnector();
  await connector.start();
  accountId = await createSimAccount(sim, {
    channel: { shortCode: "36111", sourceNumber: "36111" },
    autoReplies: [
      { keyword: "STOP", shortCode: "36111", reply: "You will receive no more SMS. Send START to resume.", action: "quarantine" },
      { keyword: "START", shortCode: "", reply: "Welcome back!", action: "unquarantine" },
      { keyword: "INFO", shortCode: "36999", reply: "Info for 36999 only", action: "none" },
      { keyword: "", shortCode: "", reply: "", action: "none" },
    ],
  });
  await connector.waitForState(accountId, "bound");
});

afterAll(async () => {
  await connector.stop();
  await sim.stop();
  await closeWriter();
});

/** The submit_sm the connector sent to `to` (the automatic reply). */
/** The `nth` (1-based) reply sent to `to`: waitFor also returns PDUs received before the call. */
async function replyTo(to: string, nth = 1) {
  const found = await sim.waitFor((x) => x.command === "submit_sm" && x.fields.destination_addr === to, {
    count: nth,
    timeoutMs: 5000,
  });
  const p = found[nth - 1];
  const sm = p.fields.short_message as { message?: string } | undefined;
  return { fields: p.fields, text: sm?.message };
}

describe("automatic replies", () => {
  it("STOP puts the sender in quarantine for the short code, replies without asking an SR, and records keyword and action", async () => {
    const r = await sim.pushMo({ from: "+33622000001", to: "36111", text: "  stop!" });
    expect(r.status).toBe(0);
    const reply = await replyTo("33622000001");
    expect(reply.text).toBe("You will receive no more SMS. Send START to resume.");
    expect(reply.fields.registered_delivery).toBe(0);
    expect(reply.fields.source_addr).toBe("36111");
    expect(await isQuarantined("+33 6 22 00 00 01", "36111")).toBe(true);
    expect(await isQuarantined("33622000001", "")).toBe(false);
    const row = await db.inboundSms.findFirstOrThrow({ where: { origin: "33622000001" } });
    expect(row).toMatchObject({ message: "  stop!", keyword: "STOP", action: "quarantine" });
    await eventually(
      async () => (await db.messagePart.count({ where: { accountId, recipientId: null, state: "sent" } })) > 0,
      5000,
      "the reply's MessagePart",
    );
  });

  it("matches the keyword as a case-insensitive prefix of the first word only", async () => {
    await sim.pushMo({ from: "33622000002", to: "36111", text: "Stopall please" });
    expect((await db.inboundSms.findFirstOrThrow({ where: { origin: "33622000002" } })).action).toBe("quarantine");
    await sim.pushMo({ from: "33622000003", to: "36111", text: "please stop" });
    const row = await db.inboundSms.findFirstOrThrow({ where: { origin: "33622000003" } });
    // Only the catch-all rule (empty keyword, no reply, no action) applied.
    expect(row).toMatchObject({ keyword: "", action: "none" });
    expect(await isQuarantined("33622000003", "36111")).toBe(false);
  });

  it("START removes the number from quarantine, whatever the short code", async () => {
    await sim.pushMo({ from: "33622000001", to: "36111", text: "START" });
    // The second reply to this number (the first answered its STOP in the test above).
    expect((await replyTo("33622000001", 2)).text).toBe("Welcome back!");
    await eventually(async () => !(await isQuarantined("33622000001", "36111")), 5000, "unquarantine");
    const rows = await db.inboundSms.findMany({ where: { origin: "33622000001" }, orderBy: { id: "asc" } });
    expect(rows.map((x) => x.action)).toEqual(["quarantine", "unquarantine"]);
  });

  it("applies a rule only to its short code, and the first matching rule wins", async () => {
    await sim.pushMo({ from: "33622000004", to: "36111", text: "info" });
    const row = await db.inboundSms.findFirstOrThrow({ where: { origin: "33622000004" } });
    expect(row.keyword).toBe(""); // INFO is for 36999: the catch-all matched
    await sim.pushMo({ from: "33622000005", to: "36999", text: "INFO?" });
    expect((await db.inboundSms.findFirstOrThrow({ where: { origin: "33622000005" } })).keyword).toBe("INFO");
    expect((await replyTo("33622000005")).text).toBe("Info for 36999 only");
  });

  it("sends the reply again after a temporary refusal (ESME_RTHROTTLED)", async () => {
    sim.setFaults({ submitStatus: 0x58 });
    await sim.pushMo({ from: "33622000006", to: "36111", text: "STOP" });
    await sim.waitFor((p) => p.command === "submit_sm" && p.fields.destination_addr === "33622000006", { timeoutMs: 5000 });
    sim.setFaults({ submitStatus: null });
    const [, second] = await sim.waitFor((p) => p.command === "submit_sm" && p.fields.destination_addr === "33622000006", {
      count: 2,
      timeoutMs: 5000,
    });
    expect((second.fields.short_message as { message?: string }).message).toBe(
      "You will receive no more SMS. Send START to resume.",
    );
  });
});
