import { parse } from "csv-parse/sync";
import { beforeAll, describe, expect, it } from "vitest";
import { GET as exportCsv } from "@/app/api/v1/insms/export/route";
import { createApiToken, createUser } from "@/lib/auth/users";
import { db } from "@/lib/db";
import { accountRow } from "../support/account-row";

// The export route handler with real Requests; 2,500 rows so the CSV crosses several keyset batches.
let token = "";
let alpha = "";
let beta = "";
const T0 = Date.UTC(2026, 10, 21, 9, 0, 0);
const tricky = 'He said "STOP", then: a,b;c\nsecond line\r\nthird – ünïcødé 😀';

beforeAll(async () => {
  const u = await createUser({ email: "viewer@export.example", password: "a-long-password", role: "viewer" });
  token = (await createApiToken(u.id, "test")).token;
  const account = (label: string) => accountRow(label, `acc_${label}`);
  alpha = (await account("alpha")).id;
  beta = (await account("beta")).id;
  await db.inboundSms.createMany({
    data: Array.from({ length: 2_500 }, (_, i) => ({
      accountId: i % 2 ? alpha : beta,
      origin: `3361${String(i).padStart(7, "0")}`,
      destination: "36000",
      message: i === 1234 ? tricky : `message ${i}`,
      dataCoding: i === 1234 ? 8 : 0,
      receivedAt: new Date(T0 + i * 1000),
      keyword: i === 1234 ? "STOP" : null,
      action: i === 1234 ? "quarantine" : null,
    })),
  });
});

const download = async (query: string) => {
  const res = await exportCsv(
    new Request(`http://localhost/api/v1/insms/export${query}`, { headers: { authorization: `Bearer ${token}` } }),
  );
  return { res, text: res.status === 200 ? await res.text() : "" };
};

describe("GET /api/v1/insms/export", () => {
  it("streams every row newest first as a CSV attachment with a header line", async () => {
    const { res, text } = await download("");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/csv/);
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="insms-\d{8}-\d{4}\.csv"$/);
    expect(res.body).toBeInstanceOf(ReadableStream);
    const rows: Record<string, string>[] = parse(text, { columns: true });
    expect(rows.length).toBe(2_500);
    expect(rows[0].origin).toBe("33610002499");
    expect(rows.at(-1)!.origin).toBe("33610000000");
    expect(new Set(rows.map((r) => r.id)).size).toBe(2_500);
    expect(rows[0].account).toBe("acc_alpha");
  });

  it("quotes commas, quotes and line breaks so the text comes back exactly", async () => {
    const { text } = await download("?q=stop");
    const rows: Record<string, string>[] = parse(text, { columns: true });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      message: tricky,
      dataCoding: "8",
      keyword: "STOP",
      action: "quarantine",
      account: "acc_beta",
    });
    expect(text).toContain('"He said ""STOP"", then: a,b;c\nsecond line\r\nthird');
  });

  it("applies the list filters (account, date range)", async () => {
    const since = new Date(T0 + 100_000).toISOString();
    const until = new Date(T0 + 200_000).toISOString();
    const { text } = await download(`?accountId=${alpha}&since=${since}&until=${until}`);
    const rows: Record<string, string>[] = parse(text, { columns: true });
    expect(rows.length).toBe(50);
    expect(rows.every((r) => r.account === "acc_alpha")).toBe(true);
  });

  it("answers 422 for bad filters and 401 without a token", async () => {
    expect((await download("?since=not-a-date")).res.status).toBe(422);
    const anonymous = await exportCsv(new Request("http://localhost/api/v1/insms/export"));
    expect(anonymous.status).toBe(401);
  });

  it("starts with UTF-8's byte order mark for Excel when bom=1, and only then; another value is a field error", async () => {
    const bytes = async (query: string) => {
      const res = await exportCsv(
        new Request(`http://localhost/api/v1/insms/export${query}`, { headers: { authorization: `Bearer ${token}` } }),
      );
      return { status: res.status, body: new Uint8Array(await res.arrayBuffer()) };
    };
    const withBom = await bytes(`?accountId=${alpha}&bom=1`);
    expect(withBom.status).toBe(200);
    expect([...withBom.body.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(new TextDecoder("utf-8", { ignoreBOM: true }).decode(withBom.body.slice(3, 5))).toBe("id");
    for (const q of [`?accountId=${alpha}`, `?accountId=${alpha}&bom=0`]) {
      const plain = await bytes(q);
      expect(new TextDecoder().decode(plain.body.slice(0, 2))).toBe("id");
      // The same rows after the mark.
      expect(plain.body.length).toBe(withBom.body.length - 3);
    }
    const bad = await bytes("?bom=yes");
    expect(bad.status).toBe(422);
    expect(JSON.parse(new TextDecoder().decode(bad.body)).error.fields).toEqual({ bom: "Must be 0 or 1" });
  });
});
