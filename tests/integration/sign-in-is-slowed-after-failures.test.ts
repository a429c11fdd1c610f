import http from "node:http";
import type { AddressInfo } from "node:net";
import bcrypt from "bcryptjs";
import { afterEach, describe, expect, it, vi } from "vitest";
import { MAX_WAIT_S, signIn, throttleKeys, waitSeconds, type SignInResult } from "@/lib/auth/sign-in";
import { createUser } from "@/lib/auth/users";
import { db } from "@/lib/db";
import { clientAddress, dropClientForwardedFor } from "@/lib/http/client-address";

const A = "203.0.113.1";
const B = "198.51.100.7";
const wrong = (email: string, i: number, address = A) => signIn(email, `guess-${i}`, address);
const said = (r: SignInResult) => (r.ok ? "signed in" : r.message);
/** Moves every counter's last failure back in time, as if the wait had passed. */
const age = (ms: number) => db.loginAttempt.updateMany({ data: { lastAt: new Date(Date.now() - ms) } });

afterEach(async () => {
  vi.restoreAllMocks();
  await db.loginAttempt.deleteMany();
});

describe("sign-in", () => {
  it("opens a session with the right password", async () => {
    await createUser({ email: "ok@test.example", password: "the-right-password", role: "viewer" });
    const r = await signIn("OK@test.example", "the-right-password", A);
    expect(r.ok).toBe(true);
    expect(await db.session.count()).toBe(1);
  });

  it("slows down an e-mail from the guessing address only: the real user from another address signs in", async () => {
    await createUser({ email: "victim@test.example", password: "the-right-password", role: "admin" });
    for (let i = 0; i < 5; i++)
      expect(await wrong("victim@test.example", i)).toMatchObject({ ok: false, message: "Wrong e-mail or password" });
    const refused = await signIn("victim@test.example", "the-right-password", A);
    expect(refused).toMatchObject({
      ok: false,
      message: expect.stringMatching(/^Too many failed sign-ins\. Try again in \d+ s\.$/),
    });
    expect(refused.ok === false && refused.retryAfterSeconds).toBeGreaterThan(0);

    expect((await signIn("victim@test.example", "the-right-password", B)).ok).toBe(true);
  });

  it("lets the right password in once the wait has passed, and clears the e-mail's counter", async () => {
    await createUser({ email: "patient@test.example", password: "the-right-password", role: "viewer" });
    for (let i = 0; i < 6; i++) await wrong("patient@test.example", i);
    expect((await signIn("patient@test.example", "the-right-password", A)).ok).toBe(false);
    await age(MAX_WAIT_S * 1000);
    expect((await signIn("patient@test.example", "the-right-password", A)).ok).toBe(true);
    const [pairKey] = throttleKeys("patient@test.example", A);
    expect(await db.loginAttempt.findUnique({ where: { key: pairKey } })).toBeNull();
  });

  it("forgets failures an hour after the last one", async () => {
    await createUser({ email: "later@test.example", password: "the-right-password", role: "viewer" });
    for (let i = 0; i < 12; i++) await wrong("later@test.example", i);
    await age(61 * 60 * 1000);
    expect(await wrong("later@test.example", 99)).toMatchObject({ message: "Wrong e-mail or password" });
    const [pairKey] = throttleKeys("later@test.example", A);
    expect((await db.loginAttempt.findUnique({ where: { key: pairKey } }))?.failures).toBe(1);
  });

  it("slows down an address that tries many e-mails, not the other addresses", async () => {
    await createUser({ email: "someone@test.example", password: "the-right-password", role: "viewer" });
    for (let i = 0; i < 20; i++)
      expect(said(await wrong(`user${i}@test.example`, i, "192.0.2.50"))).toBe("Wrong e-mail or password");
    expect((await signIn("someone@test.example", "the-right-password", "192.0.2.50")).ok).toBe(false);
    expect((await signIn("someone@test.example", "the-right-password", B)).ok).toBe(true);
  });

  it("counts parallel guesses one by one: only the free attempts reach the password check", async () => {
    await createUser({ email: "burst@test.example", password: "the-right-password", role: "viewer" });
    const compare = vi.spyOn(bcrypt, "compare");
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => wrong("burst@test.example", i)));
    expect(results.filter((r) => said(r) === "Wrong e-mail or password")).toHaveLength(5);
    expect(results.filter((r) => said(r).startsWith("Too many failed sign-ins"))).toHaveLength(7);
    expect(compare).toHaveBeenCalledTimes(5);
  });

  it("checks a password against a hash of the same cost for an unknown e-mail as for a known one", async () => {
    await createUser({ email: "known@test.example", password: "the-right-password", role: "viewer" });
    const compare = vi.spyOn(bcrypt, "compare");
    expect(await signIn("known@test.example", "wrong", A)).toMatchObject({ message: "Wrong e-mail or password" });
    expect(await signIn("nobody@test.example", "wrong", A)).toMatchObject({ message: "Wrong e-mail or password" });
    expect(compare).toHaveBeenCalledTimes(2);
    const [known, unknown] = compare.mock.calls.map((c) => String(c[1]));
    expect(bcrypt.getRounds(unknown)).toBe(bcrypt.getRounds(known));
  });

  it("grows the wait with each failure, up to 15 minutes", () => {
    expect(waitSeconds(4, 5)).toBe(0);
    expect(waitSeconds(5, 5)).toBe(2);
    expect(waitSeconds(6, 5)).toBe(4);
    expect(waitSeconds(40, 5)).toBe(15 * 60);
  });
});

describe("the client address", () => {
  it("is the socket address Next wrote into X-Forwarded-For, or the entry the trusted proxies appended", () => {
    const h = (xff: string) => new Headers({ "x-forwarded-for": xff });
    expect(clientAddress(h("::ffff:127.0.0.1"), {})).toBe("127.0.0.1");
    expect(clientAddress(new Headers(), {})).toBe("unknown");
    expect(clientAddress(h("6.6.6.6, 203.0.113.1"), { TRUST_PROXY: "true" })).toBe("203.0.113.1");
    expect(clientAddress(h("6.6.6.6, 203.0.113.1, 10.0.0.2"), { TRUST_PROXY: "2" })).toBe("203.0.113.1");
    expect(() => clientAddress(h("1.2.3.4"), { TRUST_PROXY: "yes" })).toThrow(/TRUST_PROXY/);
  });

  it("cannot be chosen by the client: its own X-Forwarded-For is dropped before the server reads the request", async () => {
    dropClientForwardedFor({});
    let seen: string | undefined = "not called";
    const server = http.createServer((req, res) => {
      seen = req.headers["x-forwarded-for"] as string | undefined;
      res.end();
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
    try {
      const { port } = server.address() as AddressInfo;
      await fetch(`http://127.0.0.1:${port}/`, { headers: { "x-forwarded-for": "6.6.6.6" } });
      expect(seen).toBeUndefined();
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
});
