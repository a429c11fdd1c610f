import "server-only";
import crypto from "node:crypto";
import bcrypt from "bcryptjs";
import { z } from "zod";
import { db } from "../db";
import { ROLES, type Role } from "./roles";

export const newUserSchema = z.object({
  email: z
    .email({ error: "Must be an e-mail address" })
    .max(200)
    .transform((e) => e.toLowerCase()),
  password: z.string().min(10, { error: "At least 10 characters" }).max(200, { error: "At most 200 characters" }),
  role: z.enum(ROLES, { error: "Must be admin, operator or viewer" }),
});

export const newTokenSchema = z.object({
  email: z.email({ error: "Must be an e-mail address" }).transform((e) => e.toLowerCase()),
  name: z.string().trim().min(1, { error: "A token name is required" }).max(100, { error: "At most 100 characters" }),
});

export interface PublicUser {
  id: string;
  email: string;
  role: Role;
}

export const sha256 = (s: string) => crypto.createHash("sha256").update(s).digest("hex");

export async function createUser(input: z.input<typeof newUserSchema>): Promise<PublicUser> {
  const u = newUserSchema.parse(input);
  const row = await db.user.create({ data: { email: u.email, role: u.role, passwordHash: await bcrypt.hash(u.password, 10) } });
  return { id: row.id, email: row.email, role: row.role as Role };
}

export async function findUserByEmail(email: string) {
  return db.user.findUnique({ where: { email: email.toLowerCase() } });
}

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  return bcrypt.compare(password, hash);
}

/** A new API token: shown once, only its SHA-256 is stored. */
export async function createApiToken(userId: string, name: string): Promise<{ id: string; token: string }> {
  const token = `smsc_${crypto.randomBytes(32).toString("base64url")}`;
  const row = await db.apiToken.create({ data: { userId, name, tokenHash: sha256(token) } });
  return { id: row.id, token };
}

export async function userForApiToken(token: string): Promise<PublicUser | null> {
  const row = await db.apiToken.findUnique({ where: { tokenHash: sha256(token) }, include: { user: true } });
  if (!row) return null;
  // lastUsedAt is advisory: update it at most once a minute to keep API calls write-free.
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > 60_000) {
    await db.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: new Date() } }).catch(() => undefined);
  }
  return { id: row.user.id, email: row.user.email, role: row.user.role as Role };
}

export async function listApiTokens(userId: string) {
  return db.apiToken.findMany({
    where: { userId },
    orderBy: { createdAt: "desc" },
    select: { id: true, name: true, createdAt: true, lastUsedAt: true },
  });
}

export async function deleteApiToken(userId: string, id: string): Promise<boolean> {
  const r = await db.apiToken.deleteMany({ where: { id, userId } });
  return r.count > 0;
}
