import { describe, expect, it } from "vitest";
import { GET } from "@/app/api/v1/receipts/unmatched/route";
import { getAccount } from "@/lib/accounts/repository";
import type { Connector } from "@/lib/connector/service";
import { db } from "@/lib/db";
import { buildSubmitParts } from "@/lib/smpp/submit";
import type { Simulator } from "@/simulator";
import { roleTokens } from "../support/role-users";
import { createSimAccount, eventually, withConnector } from "../support/connector-test-kit";

let sim: Simulator;
let connector: Connector;
withConnector({}, (s, c) => {
  sim = s;
  connector = c;
});

type Item = {
  id: number;
  receivedId: string | null;
  bind: { role: string; connectionIndex: number; nodeId: string | null } | null;
};

describe("an unmatched receipt", () => {
  it("is listed with the bind that received it (role, connection, connector node); a receipt stored before has none", async () => {
    const { viewer } = await roleTokens();
    const accountId = await createSimAccount(sim, { connection: { connections: 2 } });
    await connector.waitForState(accountId, "bound");
    const account = (await getAccount(accountId))!;
    const binds = connector.transmitBinds(accountId);
    expect(binds.map((b) => b.connectionIndex)).toEqual([0, 1]);

    // An MT sent straight on each transceiver (no MessagePart written, so its SR matches nothing): the simulator sends a
    // receipt back on the transceiver that submitted it.
    const sent: { connectionIndex: number; messageId: string; session: number }[] = [];
    for (const [i, bind] of binds.entries()) {
      const to = `3367700010${i}`;
      const built = buildSubmitParts({
        to: `+${to}`,
        text: `bind ${i}`,
        settings: account,
        registeredDelivery: true,
        reference: i,
      });
      if (!built.ok) throw new Error(built.error);
      const resp = await bind.submit(built.parts[0], 10_000);
      const [submit] = await sim.waitFor((p) => p.command === "submit_sm" && p.fields.destination_addr === to);
      sent.push({ connectionIndex: bind.connectionIndex, messageId: resp.messageId, session: submit.session });
    }
    expect(new Set(sent.map((s) => s.session)).size).toBe(2);
    // Each receipt was answered on the session that carried its MT.
    const answers = await sim.waitFor((p) => p.command === "deliver_sm_resp", { count: 2, timeoutMs: 10_000 });
    expect(new Set(answers.map((a) => a.session))).toEqual(new Set(sent.map((s) => s.session)));
    await eventually(async () => (await db.statusReport.count({ where: { accountId } })) === 2, 10_000, "2 SRs stored");

    // A row written before the bind was recorded.
    await db.statusReport.create({
      data: {
        accountId,
        messageId: "OLD1",
        status: "DELIVRD",
        errorCode: "000",
        verdict: "delivered",
        raw: "id:OLD1 stat:DELIVRD",
      },
    });

    const res = await GET(
      new Request(`http://localhost/api/v1/receipts/unmatched?accountId=${accountId}`, {
        headers: { authorization: `Bearer ${viewer}` },
      }),
    );
    expect(res.status).toBe(200);
    const { items } = (await res.json()) as { items: Item[] };
    expect(items).toHaveLength(3);
    for (const s of sent)
      expect(items.find((i) => i.receivedId === s.messageId)?.bind).toEqual({
        role: "transceiver",
        connectionIndex: s.connectionIndex,
        nodeId: connector.nodeId,
      });
    expect(items.find((i) => i.receivedId === "OLD1")?.bind).toBeNull();
  });
});
