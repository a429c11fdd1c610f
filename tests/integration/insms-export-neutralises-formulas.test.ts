import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as exportCsv } from "@/app/api/v1/insms/export/route";
import { createApiToken, createUser } from "@/lib/auth/users";
import type { Connector } from "@/lib/connector/service";
import { closeWriter } from "@/lib/storage/writer";
import type { Simulator } from "@/simulator";
import { createSimAccount, eventually, newConnector, startSim } from "../support/connector-test-kit";

// MO texts crafted to run in a spreadsheet, sent by the SMSC simulator over SMPP, stored by the connector and
// exported by the API: the export must hand the spreadsheet text, not formulas.
let sim: Simulator;
let connector: Connector;
let token = "";

beforeAll(async () => {
  sim = await startSim();
  connector = newConnector();
  await connector.start();
  const accountId = await createSimAccount(sim, { channel: { shortCode: "36333" } });
  await connector.waitForState(accountId, "bound");
  const u = await createUser({ email: "viewer@formula.example", password: "a-long-password", role: "viewer" });
  token = (await createApiToken(u.id, "t")).token;
});

afterAll(async () => {
  await connector.stop();
  await sim.stop();
  await closeWriter();
});

const HOSTILE = ['=HYPERLINK("http://x","y")', "+SUM(1+1)*cmd|' /C calc'!A0", "-1+1", "@SUM(A1)", "\t=1", "\r=2"];

describe("inSMS export of MO texts that look like formulas", () => {
  it("prefixes each with a quote, and keeps the sender's number a plain number", async () => {
    for (const [i, text] of HOSTILE.entries()) {
      const r = await sim.pushMo({ from: `+3363300000${i}`, to: "36333", text });
      expect(r.status).toBe(0);
    }
    const rows = await eventually(async () => {
      const res = await exportCsv(
        new Request("http://localhost/api/v1/insms/export", { headers: { authorization: `Bearer ${token}` } }),
      );
      const parsed: Record<string, string>[] = parse(await res.text(), { columns: true });
      return parsed.length === HOSTILE.length ? parsed : null;
    });
    const byOrigin = new Map(rows.map((r) => [r.origin, r.message]));
    for (const [i, text] of HOSTILE.entries()) expect(byOrigin.get(`3363300000${i}`)).toBe(`'${text}`);
    for (const r of rows) expect(r.message.startsWith("'")).toBe(true);
  });
});
