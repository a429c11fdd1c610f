import { describe, expect, it } from "vitest";
import { POST } from "@/app/api/v1/receipts/unmatched/match/route";
import { GET } from "@/app/api/v1/receipts/unmatched/route";
import { getAccount, updateAccount } from "@/lib/accounts/repository";
import type { Connector } from "@/lib/connector/service";
import { db } from "@/lib/db";
import type { Simulator } from "@/simulator";
import { createSimAccount, eventually } from "../support/connector-test-kit";
import { frenchMobiles, progress, roleTokens, startDelivery, waitForStatus, withDispatcher } from "../support/delivery-test-kit";

let sim: Simulator;
let connector: Connector;
withDispatcher((s, c) => {
  sim = s;
  connector = c;
});

const call = (token: string, method: string, path: string, body?: unknown) =>
  new Request(`http://localhost${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

type Item = {
  id: number;
  receivedId: string;
  normalisedId: string;
  reason: string;
  raw: string;
  ageSeconds: number;
  formats: { format: string; id: string; matches: boolean }[];
};

describe("unmatched receipts", () => {
  it("lists SRs read with the wrong id format, says which format would match, and matches them again once it is fixed", async () => {
    const tokens = await roleTokens();
    // The simulator hands out hex ids (e.g. 5F5E1000) and writes them as they are in its receipts; an SR id format
    // of "hexNumber" turns them into decimal, which no MT id (stored as is) equals.
    const accountId = await createSimAccount(sim, {
      channel: { realtimeKpi: true },
      smsc: { mtIdFormat: "asIs", srIdFormat: "hexNumber" },
    });
    await connector.waitForState(accountId, "bound");
    const id = await startDelivery(accountId, frenchMobiles(5, 4200));
    await waitForStatus(id, "finished");
    await eventually(async () => (await db.statusReport.count({ where: { accountId } })) === 5, 10_000, "5 SRs stored");
    expect((await progress(id)).delivered).toBe(0);

    const res = await GET(call(tokens.viewer, "GET", `/api/v1/receipts/unmatched?accountId=${accountId}&limit=3`));
    expect(res.status).toBe(200);
    const page = (await res.json()) as { items: Item[]; nextCursor: string | null; total: number };
    expect(page.total).toBe(5);
    expect(page.items).toHaveLength(3);
    expect(page.nextCursor).not.toBeNull();
    const mtIds = new Set((await db.messagePart.findMany({ where: { accountId } })).map((p) => p.messageId));
    for (const item of page.items) {
      expect(item.raw).toContain(`id:${item.receivedId}`);
      expect(mtIds.has(item.receivedId)).toBe(true);
      expect(item.normalisedId).toBe(BigInt(`0x${item.receivedId}`).toString(10));
      expect(item.reason).toBe("id_format_mismatch");
      expect(item.formats.find((f) => f.format === "asIs")).toEqual({ format: "asIs", id: item.receivedId, matches: true });
      expect(item.formats.find((f) => f.format === "hexNumber")?.matches).toBe(false);
      expect(item.ageSeconds).toBeGreaterThanOrEqual(0);
    }
    const next = await GET(
      call(tokens.viewer, "GET", `/api/v1/receipts/unmatched?accountId=${accountId}&cursor=${page.nextCursor}`),
    );
    expect(((await next.json()) as { items: Item[] }).items.map((i) => i.id)).not.toContain(page.items[0].id);

    // A viewer may not match; a bad body is a 422 with its path.
    expect((await POST(call(tokens.viewer, "POST", "/api/v1/receipts/unmatched/match", { accountId }))).status).toBe(403);
    const bad = await POST(call(tokens.operator, "POST", "/api/v1/receipts/unmatched/match", { accountId, ids: ["x"] }));
    expect(bad.status).toBe(422);
    expect(Object.keys((await bad.json()).error.fields)).toEqual(["ids.0"]);

    // Matching again before the fix changes nothing.
    const before = await POST(call(tokens.operator, "POST", "/api/v1/receipts/unmatched/match", { accountId }));
    expect(await before.json()).toEqual({ reread: 0, matched: 0, remaining: 5 });

    const account = (await getAccount(accountId))!;
    const fixed = await updateAccount(accountId, { ...account, smsc: { ...account.smsc, srIdFormat: "asIs" } }, "test");
    expect(fixed.ok).toBe(true);
    const after = await POST(call(tokens.operator, "POST", "/api/v1/receipts/unmatched/match", { accountId }));
    expect(await after.json()).toEqual({ reread: 5, matched: 5, remaining: 0 });
    expect((await progress(id)).delivered).toBe(5);
    const empty = await GET(call(tokens.viewer, "GET", `/api/v1/receipts/unmatched?accountId=${accountId}`));
    expect(await empty.json()).toEqual({ items: [], nextCursor: null, total: 0 });
  });
});
