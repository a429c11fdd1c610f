import "server-only";
import crypto from "node:crypto";
import bcrypt from "bcryptjs";
import { z } from "zod";
import { db } from "../db";
import { ROLES, type Role } from "./roles";

export const newPasswordSchema = z
  .string({ error: "A password is required" })
  .min(10, { error: "At least 10 characters" })
  .max(200, { error: "At most 200 characters" });

export const newUserSchema = z.object({
  email: z
    .email({ error: "Must be an e-mail address" })
    .max(200)
    .transform((e) => e.toLowerCase()),
  password: newPasswordSchema,
  role: z.enum(ROLES, { error: "Must be admin, operator or viewer" }),
});

export const MAX_TOKEN_DAYS = 3650;

/** A token's options: a name, an optional lifetime in days (none: never expires) and a scope. */
export const tokenOptionsSchema = z.object({
  name: z.string().trim().min(1, { error: "A token name is required" }).max(100, { error: "At most 100 characters" }),
  expiresInDays: z.coerce
    .number({ error: "Must be a number of days" })
    .int({ error: "Must be a whole number of days" })
    .min(1, { error: "At least 1 day" })
    .max(MAX_TOKEN_DAYS, { error: `At most ${MAX_TOKEN_DAYS} days` })
    .optional(),
  scope: z.enum(["full", "read"], { error: "Must be full or read" }).default("full"),
});
export type TokenOptions = z.output<typeof tokenOptionsSchema>;

export const newTokenSchema = tokenOptionsSchema.extend({
  email: z.email({ error: "Must be an e-mail address" }).transform((e) => e.toLowerCase()),
});

export interface PublicUser {
  id: string;
  email: string;
  role: Role;
  /** Signed in with a password an admin reset: every page leads to choosing a new one first. */
  mustChangePassword?: boolean;
  /** Authenticated by a read-only API token: GET and HEAD only. */
  readOnly?: boolean;
}

export const TOKEN_SCOPES = ["full", "read"] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];

/** bcrypt cost of every stored password hash (and of the sign-in's stand-in hash for an unknown e-mail). */
export const PASSWORD_HASH_ROUNDS = 10;

export function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, PASSWORD_HASH_ROUNDS);
}

export const sha256 = (s: string) => crypto.createHash("sha256").update(s).digest("hex");

export async function createUser(input: z.input<typeof newUserSchema>): Promise<PublicUser> {
  const u = newUserSchema.parse(input);
  const row = await db.user.create({ data: { email: u.email, role: u.role, passwordHash: await hashPassword(u.password) } });
  return { id: row.id, email: row.email, role: row.role as Role };
}

export async function findUserByEmail(email: string) {
  return db.user.findUnique({ where: { email: email.toLowerCase() } });
}

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  return bcrypt.compare(password, hash);
}

/** A new API token: shown once, only its SHA-256 is stored. */
export async function createApiToken(
  userId: string,
  name: string,
  options: { expiresInDays?: number; scope?: TokenScope } = {},
): Promise<{ id: string; token: string; expiresAt: Date | null }> {
  const token = `smsc_${crypto.randomBytes(32).toString("base64url")}`;
  const expiresAt = options.expiresInDays ? new Date(Date.now() + options.expiresInDays * 86_400_000) : null;
  const row = await db.apiToken.create({
    data: { userId, name, tokenHash: sha256(token), expiresAt, scope: options.scope ?? "full" },
  });
  return { id: row.id, token, expiresAt };
}

/** The token's user, unless the token is unknown or expired or the user disabled. */
export async function userForApiToken(token: string): Promise<PublicUser | null> {
  const row = await db.apiToken.findUnique({ where: { tokenHash: sha256(token) }, include: { user: true } });
  if (!row || row.user.disabled) return null;
  if (row.expiresAt && row.expiresAt.getTime() <= Date.now()) return null;
  // lastUsedAt is advisory: update it at most once a minute to keep API calls write-free.
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > 60_000) {
    await db.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: new Date() } }).catch(() => undefined);
  }
  return {
    id: row.user.id,
    email: row.user.email,
    role: row.user.role as Role,
    ...(row.scope === "read" ? { readOnly: true } : {}),
  };
}

export async function listApiTokens(userId: string) {
  return db.apiToken.findMany({
    where: { userId },
    orderBy: { createdAt: "desc" },
    select: { id: true, name: true, createdAt: true, lastUsedAt: true, expiresAt: true, scope: true },
  });
}

export async function deleteApiToken(userId: string, id: string): Promise<boolean> {
  const r = await db.apiToken.deleteMany({ where: { id, userId } });
  return r.count > 0;
}
