import { beforeAll, describe, expect, it } from "vitest";
import { GET as list } from "@/app/api/v1/insms/route";
import { db } from "@/lib/db";
import { roleTokens } from "../support/role-users";
import { accountRow } from "../support/account-row";

// The list route handler, called with real Requests, against this file's migrated SQLite database.
const tokens: Record<string, string> = {};
let alpha = "";
let beta = "";
const T0 = Date.UTC(2026, 10, 20, 8, 0, 0);

beforeAll(async () => {
  Object.assign(tokens, await roleTokens("insms.example"));
  const account = (label: string) => accountRow(label);
  alpha = (await account("alpha")).id;
  beta = (await account("beta")).id;
  // 130 rows: several share a receivedAt (ties broken by id), a few have none (listed last).
  const data = Array.from({ length: 130 }, (_, i) => ({
    accountId: i % 3 === 0 ? beta : alpha,
    origin: i % 10 === 0 ? "33612345678" : `4479000${String(i).padStart(5, "0")}`,
    destination: "36000",
    message: i % 7 === 0 ? `STOP please ${i}` : `hello number ${i}`,
    dataCoding: 0,
    receivedAt: i >= 125 ? null : new Date(T0 + Math.floor(i / 4) * 60_000),
  }));
  await db.inboundSms.createMany({ data });
});

const get = async (query: string, role: string | null = "viewer") => {
  const res = await list(
    new Request(`http://localhost/api/v1/insms${query}`, { headers: role ? { authorization: `Bearer ${tokens[role]}` } : {} }),
  );
  return { status: res.status, body: await res.json() };
};

type Item = { id: number; receivedAt: string | null; accountId: string; origin: string; message: string };

async function walk(query: string, limit: number): Promise<Item[]> {
  const seen: Item[] = [];
  let cursor: string | null = null;
  for (let guard = 0; guard < 1000; guard++) {
    const sep = query ? "&" : "?";
    const { status, body } = await get(`${query}${sep}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
    expect(status).toBe(200);
    seen.push(...body.items);
    cursor = body.nextCursor;
    if (!cursor) return seen;
  }
  throw new Error("pagination did not end");
}

const expectedOrder = (rows: { id: number; receivedAt: Date | null }[]) =>
  [...rows]
    .sort((a, b) => {
      if (a.receivedAt && b.receivedAt) return b.receivedAt.getTime() - a.receivedAt.getTime() || b.id - a.id;
      if (a.receivedAt) return -1;
      if (b.receivedAt) return 1;
      return b.id - a.id;
    })
    .map((r) => r.id);

describe("GET /api/v1/insms", () => {
  it("pages newest first by keyset: every row exactly once, ties by id, undated rows last", async () => {
    const all = await db.inboundSms.findMany();
    for (const limit of [1, 7, 50, 200]) {
      const ids = (await walk("", limit)).map((i) => i.id);
      expect(ids).toEqual(expectedOrder(all));
    }
  });

  it("keeps its place when new rows arrive between pages (no repeat, no skip)", async () => {
    const first = await get("?limit=10");
    await db.inboundSms.create({
      data: {
        accountId: alpha,
        origin: "33700000000",
        destination: "36000",
        message: "late",
        dataCoding: 0,
        receivedAt: new Date(T0 + 999 * 60_000),
      },
    });
    const second = await get(`?limit=10&cursor=${encodeURIComponent(first.body.nextCursor)}`);
    const firstIds = first.body.items.map((i: Item) => i.id);
    const secondIds = second.body.items.map((i: Item) => i.id);
    expect(secondIds.some((id: number) => firstIds.includes(id))).toBe(false);
    const all = await db.inboundSms.findMany({ where: { message: { not: "late" } } });
    expect([...firstIds, ...secondIds]).toEqual(expectedOrder(all).slice(0, 20));
    await db.inboundSms.deleteMany({ where: { message: "late" } });
  });

  it("filters by account, sender (any form of the number), text and date range", async () => {
    const all = await db.inboundSms.findMany();
    const byAccount = await walk(`?accountId=${beta}`, 20);
    expect(byAccount.map((i) => i.id)).toEqual(expectedOrder(all.filter((r) => r.accountId === beta)));

    for (const form of ["33612345678", "+33612345678", "+33 6 12 34 56 78"]) {
      const bySender = await walk(`?origin=${encodeURIComponent(form)}`, 5);
      expect(bySender.map((i) => i.id)).toEqual(expectedOrder(all.filter((r) => r.origin === "33612345678")));
    }

    // % and _ are literal characters of the text, not wildcards
    await db.inboundSms.create({
      data: {
        accountId: alpha,
        origin: "33699999999",
        destination: "36000",
        message: "win 100% now_",
        dataCoding: 0,
        receivedAt: new Date(T0),
      },
    });
    expect((await walk(`?q=${encodeURIComponent("0% now_")}`, 5)).map((i) => i.message)).toEqual(["win 100% now_"]);
    expect(await walk(`?q=${encodeURIComponent("w_n")}`, 5)).toEqual([]);
    expect(await walk(`?q=${encodeURIComponent("%")}`, 5)).toHaveLength(1);
    await db.inboundSms.deleteMany({ where: { origin: "33699999999" } });

    const byText = await walk("?q=stop", 4);
    expect(byText.map((i) => i.id)).toEqual(expectedOrder(all.filter((r) => r.message.startsWith("STOP"))));

    const since = new Date(T0 + 5 * 60_000).toISOString();
    const until = new Date(T0 + 10 * 60_000).toISOString();
    const byDate = await walk(`?since=${since}&until=${until}`, 6);
    const inRange = all.filter((r) => r.receivedAt && r.receivedAt >= new Date(since) && r.receivedAt < new Date(until));
    expect(inRange.length).toBe(20);
    expect(byDate.map((i) => i.id)).toEqual(expectedOrder(inRange));

    const combined = await walk(`?accountId=${alpha}&q=hello&since=2026-11-20&until=2026-11-20`, 9);
    expect(combined.map((i) => i.id)).toEqual(
      expectedOrder(all.filter((r) => r.accountId === alpha && r.message.includes("hello") && r.receivedAt !== null)),
    );
  });

  it("answers items with the spec's inSMS fields", async () => {
    const { body } = await get("?limit=1");
    expect(Object.keys(body.items[0]).sort()).toEqual(
      [
        "accountId",
        "action",
        "createdAt",
        "dataCoding",
        "destination",
        "id",
        "keyword",
        "message",
        "origin",
        "providerId",
        "receivedAt",
      ].sort(),
    );
    expect(body.partial).toBe(false);
  });

  it("refuses a tampered or foreign cursor with a 422 naming the cursor", async () => {
    const { body } = await get("?limit=5");
    const cursor: string = body.nextCursor;
    const flipped = cursor.slice(0, -3) + (cursor.at(-3) === "A" ? "B" : "A") + cursor.slice(-2);
    for (const bad of [flipped, "garbage", Buffer.from(JSON.stringify([0, 1])).toString("base64url")]) {
      const res = await get(`?cursor=${encodeURIComponent(bad)}`);
      expect(res.status).toBe(422);
      expect(res.body.error.code).toBe("validation_failed");
      expect(res.body.error.fields.cursor).toMatch(/not valid/);
    }
  });

  it("refuses bad parameters with the spec's 422 error shape", async () => {
    const res = await get("?limit=0&since=yesterday&until=2026-11-01&q=" + "x".repeat(101));
    expect(res.status).toBe(422);
    expect(Object.keys(res.body.error.fields).sort()).toEqual(["limit", "q", "since"]);
    const backwards = await get("?since=2026-11-02&until=2026-11-01");
    expect(backwards.status).toBe(422);
    expect(backwards.body.error.fields.until).toMatch(/after/);
  });

  it("lets viewers, operators and admins read; nobody without a token", async () => {
    for (const role of ["viewer", "operator", "admin"]) expect((await get("?limit=1", role)).status).toBe(200);
    const anonymous = await get("?limit=1", null);
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error.code).toBe("unauthorized");
  });
});

describe("text search with a scan budget", () => {
  it("stops after the budget with a cursor where it stopped, and continuing finds every match once", async () => {
    const { readInboundPage } = await import("@/lib/insms/query");
    const all = await db.inboundSms.findMany();
    const matches = expectedOrder(all.filter((r) => r.message.startsWith("STOP")));
    const found: number[] = [];
    let from = null;
    let partials = 0;
    for (let guard = 0; guard < 100; guard++) {
      const page: Awaited<ReturnType<typeof readInboundPage>> = await readInboundPage({ q: "stop" }, from, 3, 10);
      found.push(...page.rows.map((r) => r.id));
      if (page.partial) partials++;
      from = page.next;
      if (!from) break;
    }
    expect(found).toEqual(matches);
    expect(partials).toBeGreaterThan(0);
  });
});
