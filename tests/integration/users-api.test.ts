import { beforeAll, describe, expect, it } from "vitest";
import { DELETE, PATCH } from "@/app/api/v1/users/[id]/route";
import { GET, POST } from "@/app/api/v1/users/route";
import { GET as listAccounts, POST as createAccountRoute } from "@/app/api/v1/accounts/route";
import { signIn } from "@/lib/auth/sign-in";
import { listUserAudit } from "@/lib/auth/user-admin";
import { createApiToken, createUser } from "@/lib/auth/users";
import { userForSession } from "@/lib/auth/sessions";
import { db } from "@/lib/db";
import { roleUsers } from "../support/role-users";

// /api/v1/users through the real route handlers and a migrated SQLite file; tokens as a script would send them.
const tokens: Record<string, string> = {};
const ids: Record<string, string> = {};

beforeAll(async () => {
  for (const [role, u] of Object.entries(await roleUsers("users.example"))) {
    ids[role] = u.id;
    tokens[role] = u.token;
  }
});

const req = (method: string, path: string, token: string | null, body?: unknown) =>
  new Request(`http://localhost${path}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
const ctx = (id: string) => ({ params: Promise.resolve({ id }) });
const patch = (id: string, body: unknown, token = tokens.admin) =>
  PATCH(req("PATCH", `/api/v1/users/${id}`, token, body), ctx(id));

describe("users API", () => {
  it("lists users with role, state and last sign-in, never a hash; admins only", async () => {
    const res = await GET(req("GET", "/api/v1/users", tokens.admin));
    expect(res.status).toBe(200);
    const { items } = await res.json();
    expect(items.map((u: { email: string }) => u.email)).toEqual(
      expect.arrayContaining(["admin@users.example", "operator@users.example", "viewer@users.example"]),
    );
    expect(items[0]).toMatchObject({ role: expect.any(String), disabled: false, lastSignInAt: null });
    expect(JSON.stringify(items)).not.toMatch(/passwordHash|\$2[aby]\$/);
    expect((await GET(req("GET", "/api/v1/users", tokens.operator))).status).toBe(403);
  });

  it("creates a user with a role; refuses bad fields and a taken e-mail with field errors, creating nothing", async () => {
    const res = await POST(
      req("POST", "/api/v1/users", tokens.admin, { email: "New@Users.example", password: "ten-chars-ok", role: "operator" }),
    );
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ email: "new@users.example", role: "operator", disabled: false });
    const before = await db.user.count();
    const bad = await POST(req("POST", "/api/v1/users", tokens.admin, { email: "x", password: "short", role: "root" }));
    expect(bad.status).toBe(422);
    expect(Object.keys((await bad.json()).error.fields).sort()).toEqual(["email", "password", "role"]);
    const taken = await POST(
      req("POST", "/api/v1/users", tokens.admin, { email: "new@users.example", password: "ten-chars-ok", role: "viewer" }),
    );
    expect(taken.status).toBe(409);
    expect(await db.user.count()).toBe(before);
    expect((await listUserAudit()).find((e) => e.action === "user.create")).toMatchObject({ actor: "admin@users.example" });
  });

  it("changes a role: the next request acts with it", async () => {
    const u = await createUser({ email: "promoted@users.example", password: "a-long-password", role: "viewer" });
    const token = (await createApiToken(u.id, "t")).token;
    const body = { label: "Made by promoted", enabled: false, connection: { host: "127.0.0.1", systemId: "s" } };
    expect((await createAccountRoute(req("POST", "/api/v1/accounts", token, body))).status).toBe(403);
    const res = await patch(u.id, { role: "admin" });
    expect(res.status).toBe(200);
    expect((await res.json()).role).toBe("admin");
    expect((await createAccountRoute(req("POST", "/api/v1/accounts", token, body))).status).toBe(201);
    const audit = (await listUserAudit()).find((e) => e.action === "user.set-role");
    expect(audit?.changes).toEqual([
      { path: "user", from: null, to: "promoted@users.example" },
      { path: "role", from: "viewer", to: "admin" },
    ]);
  });

  it("resets a password: a one-time password that signs in once and must be replaced; old sessions end", async () => {
    const u = await createUser({ email: "forgot@users.example", password: "old-password-1", role: "viewer" });
    const before = await signIn("forgot@users.example", "old-password-1");
    if (!before.ok) throw new Error(before.message);
    const res = await patch(u.id, { resetPassword: true });
    expect(res.status).toBe(200);
    const { temporaryPassword, mustChangePassword } = await res.json();
    expect(temporaryPassword).toMatch(/^[A-Za-z0-9]{16}$/);
    expect(mustChangePassword).toBe(true);
    expect(await userForSession(before.session.value)).toBeNull();
    expect((await signIn("forgot@users.example", "old-password-1")).ok).toBe(false);
    const after = await signIn("forgot@users.example", temporaryPassword);
    expect(after).toMatchObject({ ok: true, mustChangePassword: true });
    if (!after.ok) return;
    expect(await userForSession(after.session.value)).toMatchObject({ mustChangePassword: true });
    // An API call with that session is refused until a new password is chosen.
    const cookieReq = new Request("http://localhost/api/v1/accounts", {
      headers: { cookie: `sms_session=${after.session.value}` },
    });
    expect((await listAccounts(cookieReq)).status).toBe(403);
    const audit = await listUserAudit();
    expect(JSON.stringify(audit)).not.toContain(temporaryPassword);
  });

  it("disables a user: sign-in refused, sessions ended, tokens refused; enabling restores them", async () => {
    const u = await createUser({ email: "leaver@users.example", password: "a-long-password", role: "operator" });
    const token = (await createApiToken(u.id, "t")).token;
    const session = await signIn("leaver@users.example", "a-long-password");
    if (!session.ok) throw new Error(session.message);
    expect((await patch(u.id, { disabled: true })).status).toBe(200);
    expect(await userForSession(session.session.value)).toBeNull();
    expect((await listAccounts(req("GET", "/api/v1/accounts", token))).status).toBe(401);
    expect(await signIn("leaver@users.example", "a-long-password")).toMatchObject({
      ok: false,
      message: expect.stringContaining("disabled"),
    });
    expect((await patch(u.id, { disabled: false })).status).toBe(200);
    expect((await listAccounts(req("GET", "/api/v1/accounts", token))).status).toBe(200);
  });

  it("never demotes, disables or deletes the last active admin; deletes anyone else", async () => {
    // Two admins so far (admin@ and promoted@): demote the second, then the first is the last one.
    const promoted = await db.user.findUniqueOrThrow({ where: { email: "promoted@users.example" } });
    expect((await patch(promoted.id, { role: "viewer" })).status).toBe(200);
    for (const body of [{ role: "operator" }, { disabled: true }]) {
      const res = await patch(ids.admin, body);
      expect(res.status).toBe(409);
      expect((await res.json()).error.code).toBe("last_admin");
    }
    const del = await DELETE(req("DELETE", `/api/v1/users/${ids.admin}`, tokens.admin), ctx(ids.admin));
    expect(del.status).toBe(409);
    expect(await db.user.findUnique({ where: { id: ids.admin } })).not.toBeNull();

    const gone = await DELETE(req("DELETE", `/api/v1/users/${promoted.id}`, tokens.admin), ctx(promoted.id));
    expect(gone.status).toBe(204);
    expect(await db.user.findUnique({ where: { id: promoted.id } })).toBeNull();
    expect((await DELETE(req("DELETE", `/api/v1/users/${promoted.id}`, tokens.admin), ctx(promoted.id))).status).toBe(404);
    expect((await listUserAudit()).find((e) => e.action === "user.delete")?.changes[0].to).toBe("promoted@users.example");
  });

  it("refuses an empty or unknown patch with a 422", async () => {
    for (const body of [{}, { role: "root" }, { resetPassword: false }, { email: "x@y.z" }]) {
      expect((await patch(ids.viewer, body)).status).toBe(422);
    }
  });
});

describe("API tokens: expiry and read-only scope", () => {
  it("a read-only token reads but may not change anything; an expired token is refused", async () => {
    const read = (await createApiToken(ids.admin, "ro", { scope: "read" })).token;
    expect((await GET(req("GET", "/api/v1/users", read))).status).toBe(200);
    const res = await POST(
      req("POST", "/api/v1/users", read, { email: "ro@users.example", password: "ten-chars-ok", role: "viewer" }),
    );
    expect(res.status).toBe(403);
    expect((await res.json()).error.code).toBe("read_only_token");
    expect(await db.user.findUnique({ where: { email: "ro@users.example" } })).toBeNull();

    const { id, token } = await createApiToken(ids.admin, "short", { expiresInDays: 1 });
    expect((await GET(req("GET", "/api/v1/users", token))).status).toBe(200);
    await db.apiToken.update({ where: { id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await GET(req("GET", "/api/v1/users", token))).status).toBe(401);
  });
});
