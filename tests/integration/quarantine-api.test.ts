import { beforeAll, describe, expect, it } from "vitest";
import { DELETE, GET, POST } from "@/app/api/v1/quarantine/route";
import { isQuarantined } from "@/lib/quarantine/store";
import { roleTokens } from "../support/role-users";

const tokens: Record<string, string> = {};

beforeAll(async () => {
  Object.assign(tokens, await roleTokens("q.example"));
});

const req = (method: string, path: string, role: string | null, body?: unknown) =>
  new Request(`http://localhost${path}`, {
    method,
    headers: { ...(role ? { authorization: `Bearer ${tokens[role]}` } : {}), "content-type": "application/json" },
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });

describe("quarantine API", () => {
  it("adds a number in its normal form, lists it, and sends to it are then quarantined", async () => {
    const res = await POST(
      req("POST", "/api/v1/quarantine", "operator", { number: "+33 6 12-34-56-78", reason: "asked by phone" }),
    );
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ number: "33612345678", shortCode: "", reason: "asked by phone" });
    expect(await isQuarantined("0033612345678", "36111")).toBe(true);
    const list = await (await GET(req("GET", "/api/v1/quarantine?q=612345", "viewer"))).json();
    expect(list.items.map((e: { number: string }) => e.number)).toEqual(["33612345678"]);
  });

  it("scopes an entry to a short code", async () => {
    await POST(req("POST", "/api/v1/quarantine", "operator", { number: "33699000001", shortCode: "36111" }));
    expect(await isQuarantined("33699000001", "36111")).toBe(true);
    expect(await isQuarantined("33699000001", "36999")).toBe(false);
  });

  it("refuses invalid input with the spec's error shape", async () => {
    const res = await POST(req("POST", "/api/v1/quarantine", "operator", { number: "call me", shortCode: "x".repeat(30) }));
    expect(res.status).toBe(422);
    const body = await res.json();
    expect(body.error.code).toBe("validation_failed");
    expect(Object.keys(body.error.fields).sort()).toEqual(["number", "shortCode"]);
    expect((await POST(req("POST", "/api/v1/quarantine", "operator", "{nope"))).status).toBe(400);
  });

  it("lets viewers read but not change it", async () => {
    expect((await POST(req("POST", "/api/v1/quarantine", "viewer", { number: "33611111111" }))).status).toBe(403);
    expect((await GET(req("GET", "/api/v1/quarantine", null))).status).toBe(401);
  });

  it("removes a number (every short code when none is given), 404 when absent", async () => {
    await POST(req("POST", "/api/v1/quarantine", "operator", { number: "33699000002", shortCode: "36111" }));
    await POST(req("POST", "/api/v1/quarantine", "operator", { number: "33699000002" }));
    const res = await DELETE(req("DELETE", "/api/v1/quarantine?number=%2B33699000002", "operator"));
    expect(await res.json()).toEqual({ removed: 2 });
    expect((await DELETE(req("DELETE", "/api/v1/quarantine", "operator", { number: "33699000002" }))).status).toBe(404);
  });

  it("pages newest first with a cursor", async () => {
    for (let i = 0; i < 5; i++) await POST(req("POST", "/api/v1/quarantine", "operator", { number: `3370000000${i}` }));
    const first = await (await GET(req("GET", "/api/v1/quarantine?limit=2", "viewer"))).json();
    expect(first.items.map((e: { number: string }) => e.number)).toEqual(["33700000004", "33700000003"]);
    const second = await (await GET(req("GET", `/api/v1/quarantine?limit=2&cursor=${first.nextCursor}`, "viewer"))).json();
    expect(second.items.map((e: { number: string }) => e.number)).toEqual(["33700000002", "33700000001"]);
  });
});
