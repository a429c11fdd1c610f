import "server-only";
import { z } from "zod";
import { db } from "../db";
import { openSession } from "./sessions";
import { findUserByEmail, verifyPassword } from "./users";

export const signInSchema = z.object({
  email: z.email({ error: "Enter your e-mail address" }).transform((e) => e.toLowerCase()),
  password: z.string().min(1, { error: "Enter your password" }),
});

// Repeated failures for one e-mail are slowed down: after FREE_FAILURES, each further attempt must wait
// 2^(n - FREE_FAILURES) seconds (capped), whether or not the password is right.
const FREE_FAILURES = 5;
const MAX_WAIT_S = 300;

export function lockoutSeconds(failures: number): number {
  return failures < FREE_FAILURES ? 0 : Math.min(MAX_WAIT_S, 2 ** (failures - FREE_FAILURES + 1));
}

export type SignInResult =
  | { ok: true; session: { value: string; expiresAt: Date }; mustChangePassword: boolean }
  | { ok: false; message: string; retryAfterSeconds?: number };

export async function signIn(email: string, password: string): Promise<SignInResult> {
  const key = email.toLowerCase();
  const attempt = await db.loginAttempt.findUnique({ where: { key } });
  if (attempt) {
    const wait = lockoutSeconds(attempt.failures);
    const remaining = Math.ceil((attempt.lastAt.getTime() + wait * 1000 - Date.now()) / 1000);
    if (remaining > 0) {
      return { ok: false, message: `Too many failed sign-ins. Try again in ${remaining} s.`, retryAfterSeconds: remaining };
    }
  }
  const user = await findUserByEmail(key);
  const good = user ? await verifyPassword(user.passwordHash, password) : false;
  if (!user || !good) {
    await db.loginAttempt.upsert({
      where: { key },
      create: { key, failures: 1, lastAt: new Date() },
      update: { failures: { increment: 1 }, lastAt: new Date() },
    });
    return { ok: false, message: "Wrong e-mail or password" };
  }
  if (attempt) await db.loginAttempt.delete({ where: { key } }).catch(() => undefined);
  // Told only to whoever knows the password: a disabled user learns why, a guesser learns nothing more.
  if (user.disabled) return { ok: false, message: "This user is disabled: ask an admin to enable it" };
  await db.user.update({ where: { id: user.id }, data: { lastSignInAt: new Date() } });
  return { ok: true, session: await openSession(user.id), mustChangePassword: user.mustChangePassword };
}
