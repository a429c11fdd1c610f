import { describe, expect, it } from "vitest";
import { lockoutSeconds, signIn } from "@/lib/auth/sign-in";
import { createUser } from "@/lib/auth/users";
import { db } from "@/lib/db";

describe("sign-in", () => {
  it("opens a session with the right password", async () => {
    await createUser({ email: "ok@test.example", password: "the-right-password", role: "viewer" });
    const r = await signIn("OK@test.example", "the-right-password");
    expect(r.ok).toBe(true);
    expect(await db.session.count()).toBe(1);
  });

  it("refuses further attempts for a while after repeated failures, even with the right password", async () => {
    await createUser({ email: "victim@test.example", password: "the-right-password", role: "admin" });
    for (let i = 0; i < 5; i++) expect((await signIn("victim@test.example", "guess" + i)).ok).toBe(false);
    const locked = await signIn("victim@test.example", "the-right-password");
    expect(locked.ok).toBe(false);
    if (!locked.ok) {
      expect(locked.message).toMatch(/Too many failed sign-ins/);
      expect(locked.retryAfterSeconds).toBeGreaterThan(0);
    }
    // Once the wait has passed (moved back in time here), the right password works and the counter resets.
    await db.loginAttempt.update({ where: { key: "victim@test.example" }, data: { lastAt: new Date(Date.now() - 3_600_000) } });
    expect((await signIn("victim@test.example", "the-right-password")).ok).toBe(true);
    expect(await db.loginAttempt.findUnique({ where: { key: "victim@test.example" } })).toBeNull();
  });

  it("grows the wait with each failure, up to a cap", () => {
    expect(lockoutSeconds(4)).toBe(0);
    expect(lockoutSeconds(5)).toBe(2);
    expect(lockoutSeconds(6)).toBe(4);
    expect(lockoutSeconds(40)).toBe(300);
  });
});
