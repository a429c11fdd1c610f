import "server-only";
import { z } from "zod";
import { db } from "../db";
import { openSession } from "./sessions";
import { findUserByEmail, hashPassword, verifyPassword } from "./users";

export const signInSchema = z.object({
  email: z.email({ error: "Enter your e-mail address" }).transform((e) => e.toLowerCase()),
  password: z.string().min(1, { error: "Enter your password" }),
});

/**
 * Sign-in throttle, kept in the database (LoginAttempt) so that every web process sees the same counts.
 * Two counters per attempt: the e-mail from this client address, and the client address over all e-mails. After
 * `free` failures of a counter, each further attempt must wait 2^(n - free + 1) seconds after the last one, up to
 * 15 minutes; an attempt refused during the wait runs no password check and counts nothing. Failures are forgotten
 * an hour after the last one. Someone who knows an e-mail slows down only its sign-ins from their own address: the
 * real user, from another address, signs in as usual, and nobody is locked out for good.
 *
 * Each attempt is counted before the password is checked (a compare-and-set on the count), so parallel guesses
 * cannot all slip through one free slot; a right password then clears the e-mail's counter and gives back its
 * count to the address.
 */
const COUNTERS = [
  { prefix: "email+address", free: 5 },
  { prefix: "address", free: 20 },
] as const;
export const MAX_WAIT_S = 15 * 60;
const FORGET_AFTER_MS = 60 * 60 * 1000;

export function waitSeconds(failures: number, free: number): number {
  return failures < free ? 0 : Math.min(MAX_WAIT_S, 2 ** (failures - free + 1));
}

export function throttleKeys(email: string, address: string): [string, string] {
  return [`email+address:${email.toLowerCase()} ${address}`, `address:${address}`];
}

export type SignInResult =
  | { ok: true; session: { value: string; expiresAt: Date }; mustChangePassword: boolean }
  | { ok: false; message: string; retryAfterSeconds?: number };

/** Counts one attempt on `key`, or says how long to wait first. */
async function claimAttempt(key: string, free: number): Promise<{ ok: true } | { ok: false; remaining: number }> {
  for (;;) {
    const now = Date.now();
    const row = await db.loginAttempt.findUnique({ where: { key } });
    if (!row) {
      const created = await db.loginAttempt.createMany({ data: [{ key, failures: 1, lastAt: new Date(now) }] }).catch(() => null);
      if (created?.count === 1) return { ok: true };
      continue; // created by a parallel attempt meanwhile
    }
    const forgotten = now - row.lastAt.getTime() > FORGET_AFTER_MS;
    const remaining = forgotten ? 0 : Math.ceil((row.lastAt.getTime() + waitSeconds(row.failures, free) * 1000 - now) / 1000);
    if (remaining > 0) return { ok: false, remaining };
    const claimed = await db.loginAttempt.updateMany({
      where: { key, failures: row.failures, lastAt: row.lastAt },
      data: { failures: forgotten ? 1 : row.failures + 1, lastAt: new Date(now) },
    });
    if (claimed.count === 1) return { ok: true };
  }
}

let dummyHash: Promise<string> | null = null;
/** A hash of the users' cost that no password matches: an unknown e-mail costs one bcrypt compare too. */
function unknownUserHash(): Promise<string> {
  dummyHash ??= hashPassword(crypto.randomUUID());
  return dummyHash;
}

/** `clientAddress`: see lib/http/client-address.ts. */
export async function signIn(email: string, password: string, clientAddress = "unknown"): Promise<SignInResult> {
  const key = email.toLowerCase();
  const [pairKey, addressKey] = throttleKeys(key, clientAddress);
  for (const [i, k] of [pairKey, addressKey].entries()) {
    const claim = await claimAttempt(k, COUNTERS[i].free);
    if (!claim.ok) {
      return {
        ok: false,
        message: `Too many failed sign-ins. Try again in ${claim.remaining} s.`,
        retryAfterSeconds: claim.remaining,
      };
    }
  }
  const user = await findUserByEmail(key);
  const good = await verifyPassword(user?.passwordHash ?? (await unknownUserHash()), password);
  if (!user || !good) return { ok: false, message: "Wrong e-mail or password" };
  await db.loginAttempt.deleteMany({ where: { key: pairKey } });
  await db.loginAttempt.updateMany({ where: { key: addressKey, failures: { gt: 0 } }, data: { failures: { decrement: 1 } } });
  // Told only to whoever knows the password: a disabled user learns why, a guesser learns nothing more.
  if (user.disabled) return { ok: false, message: "This user is disabled: ask an admin to enable it" };
  await db.user.update({ where: { id: user.id }, data: { lastSignInAt: new Date() } });
  return { ok: true, session: await openSession(user.id), mustChangePassword: user.mustChangePassword };
}
