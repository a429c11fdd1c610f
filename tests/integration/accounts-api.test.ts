import { beforeAll, describe, expect, it } from "vitest";
import { GET as getOne, PUT, DELETE } from "@/app/api/v1/accounts/[id]/route";
import { GET as list, POST } from "@/app/api/v1/accounts/route";
import { getAccountSecrets } from "@/lib/accounts/repository";
import { db } from "@/lib/db";
import { roleTokens } from "../support/role-users";

// The route handlers, called with real Requests, against the migrated SQLite file of this test file.
const tokens: Record<string, string> = {};

beforeAll(async () => {
  Object.assign(tokens, await roleTokens("test.example"));
});

const req = (method: string, path: string, role: string | null, body?: unknown) =>
  new Request(`http://localhost${path}`, {
    method,
    headers: { ...(role ? { authorization: `Bearer ${tokens[role]}` } : {}), "content-type": "application/json" },
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
const ctx = (id: string) => ({ params: Promise.resolve({ id }) });

const account = (over: Record<string, unknown> = {}) => ({
  label: "8x8 France",
  // Disabled: no test saves an enabled account pointing at a real host.
  enabled: false,
  connection: { host: "smpp.8x8.com", port: 2776, tls: true, systemId: "acme", password: "s3cr3t!" },
  channel: { serviceType: "smpp" },
  ...over,
});

describe("accounts API", () => {
  it("creates an account, derives its internal name and never returns the password", async () => {
    const res = await POST(req("POST", "/api/v1/accounts", "admin", account()));
    expect(res.status).toBe(201);
    const body = await res.json();
    expect(body.internalName).toBe("acc_8x8_France");
    expect(body.passwordSet).toBe(true);
    expect(JSON.stringify(body)).not.toContain("s3cr3t!");
    expect(body.throughput.window).toBe(10);
    const row = await db.routingAccount.findUniqueOrThrow({ where: { id: body.id } });
    expect(row.passwordSealed).not.toContain("s3cr3t!");
    expect(row.settings).not.toContain("s3cr3t!");
    expect((await getAccountSecrets(body.id))?.password).toBe("s3cr3t!");

    const read = await getOne(req("GET", `/api/v1/accounts/${body.id}`, "viewer"), ctx(body.id));
    expect(read.status).toBe(200);
    expect(JSON.stringify(await read.json())).not.toContain("s3cr3t!");
    const all = await list(req("GET", "/api/v1/accounts?q=8x8", "viewer"));
    expect((await all.json()).items.map((a: { id: string }) => a.id)).toContain(body.id);
  });

  it("keeps the stored password when an update leaves it out, replaces it when given", async () => {
    const created = await (await POST(req("POST", "/api/v1/accounts", "admin", account({ label: "Keep pw" })))).json();
    const update = account({ label: "Keep pw", internalName: created.internalName });
    (update.connection as Record<string, unknown>).password = undefined;
    (update.connection as Record<string, unknown>).port = 2775;
    const res = await PUT(req("PUT", `/api/v1/accounts/${created.id}`, "admin", update), ctx(created.id));
    expect(res.status).toBe(200);
    expect((await res.json()).connection.port).toBe(2775);
    expect((await getAccountSecrets(created.id))?.password).toBe("s3cr3t!");

    (update.connection as Record<string, unknown>).password = "n3w";
    await PUT(req("PUT", `/api/v1/accounts/${created.id}`, "admin", update), ctx(created.id));
    expect((await getAccountSecrets(created.id))?.password).toBe("n3w");
    const audit = await db.auditEntry.findMany({ where: { accountId: created.id } });
    expect(audit.map((a) => a.action).sort()).toEqual(["create", "update", "update"]);
    expect(audit.map((a) => a.changes).join()).not.toContain("n3w");
  });

  it("answers 409 when the internal name is taken, and changes nothing", async () => {
    const before = await db.routingAccount.count();
    await POST(req("POST", "/api/v1/accounts", "admin", account({ label: "Twin", internalName: "twin" })));
    const res = await POST(req("POST", "/api/v1/accounts", "admin", account({ label: "Twin 2", internalName: "twin" })));
    expect(res.status).toBe(409);
    expect((await res.json()).error.code).toBe("internal_name_taken");
    expect(await db.routingAccount.count()).toBe(before + 1);
  });

  it("answers 422 with dotted field paths and stores nothing", async () => {
    const before = await db.routingAccount.count();
    const bad = account({ label: "Bad" });
    Object.assign(bad.connection, { port: 70000, systemId: "x".repeat(16) });
    const res = await POST(req("POST", "/api/v1/accounts", "admin", { ...bad, smsc: { srIdRegex: "(unclosed" } }));
    expect(res.status).toBe(422);
    const { error } = await res.json();
    expect(error.code).toBe("validation_failed");
    expect(error.fields["connection.port"]).toBe("Must be between 1 and 65535");
    expect(error.fields["connection.systemId"]).toMatch(/15/);
    expect(error.fields["smsc.srIdRegex"]).toMatch(/regular expression/);
    expect(await db.routingAccount.count()).toBe(before);
  });

  it("answers 422 with field paths for bad TLV rows, service id tag and error rows; stores and reads back good ones", async () => {
    const smsc = {
      invalidIdAckCount: -1,
      serviceIdTag: "0x0010",
      optionalTlvs: [{ tag: "0x1400", type: "integer", value: "x" }],
      errorTable: [{ match: "UNDELIV", type: "hard" }],
    };
    const res = await POST(req("POST", "/api/v1/accounts", "admin", account({ label: "Bad TLV", smsc })));
    expect(res.status).toBe(422);
    const { error } = await res.json();
    expect(Object.keys(error.fields).sort()).toEqual([
      "smsc.errorTable.0.match",
      "smsc.invalidIdAckCount",
      "smsc.optionalTlvs.0.value",
      "smsc.serviceIdTag",
    ]);
    const good = {
      invalidIdAckCount: 3,
      serviceIdTag: "0x1500",
      optionalTlvs: [{ tag: "0x1400", type: "hex", value: "01FF" }],
      errorTable: [{ match: "SR * UNDELIV 015", type: "hard", reason: "Invalid destination" }],
      quarantineOnHardError: false,
    };
    const created = await POST(req("POST", "/api/v1/accounts", "admin", account({ label: "Good TLV", smsc: good })));
    expect(created.status).toBe(201);
    const { id } = await created.json();
    const read = await (await getOne(req("GET", `/api/v1/accounts/${id}`, "viewer"), ctx(id))).json();
    expect(read.smsc).toMatchObject(good);
  });

  it("answers 400 on malformed JSON", async () => {
    const res = await POST(req("POST", "/api/v1/accounts", "admin", "{not json"));
    expect(res.status).toBe(400);
    expect((await res.json()).error.code).toBe("malformed_json");
  });

  it("answers 401 without a token and 403 naming the role for operators and viewers", async () => {
    expect((await POST(req("POST", "/api/v1/accounts", null, account()))).status).toBe(401);
    for (const role of ["operator", "viewer"]) {
      const res = await POST(req("POST", "/api/v1/accounts", role, account({ label: `by ${role}` })));
      expect(res.status).toBe(403);
      expect((await res.json()).error.message).toContain("admin");
    }
    const created = await (await POST(req("POST", "/api/v1/accounts", "admin", account({ label: "To delete" })))).json();
    expect((await DELETE(req("DELETE", `/api/v1/accounts/${created.id}`, "viewer"), ctx(created.id))).status).toBe(403);
    expect((await DELETE(req("DELETE", `/api/v1/accounts/${created.id}`, "admin"), ctx(created.id))).status).toBe(204);
    expect((await getOne(req("GET", `/api/v1/accounts/${created.id}`, "admin"), ctx(created.id))).status).toBe(404);
  });
});
