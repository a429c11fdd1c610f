import "server-only";
import crypto from "node:crypto";
import { db } from "../db";
import type { Role } from "./roles";
import { sha256, type PublicUser } from "./users";

export const SESSION_COOKIE = "sms_session";
export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;

/** Opens a session; returns the cookie value (only its hash is stored). */
export async function openSession(userId: string): Promise<{ value: string; expiresAt: Date }> {
  const value = crypto.randomBytes(32).toString("base64url");
  const expiresAt = new Date(Date.now() + SESSION_TTL_MS);
  await db.session.create({ data: { id: sha256(value), userId, expiresAt } });
  return { value, expiresAt };
}

export async function userForSession(value: string | undefined): Promise<PublicUser | null> {
  if (!value) return null;
  const row = await db.session.findUnique({ where: { id: sha256(value) }, include: { user: true } });
  if (!row || row.expiresAt.getTime() < Date.now() || row.user.disabled) return null;
  return {
    id: row.user.id,
    email: row.user.email,
    role: row.user.role as Role,
    ...(row.user.mustChangePassword ? { mustChangePassword: true } : {}),
  };
}

export async function closeSession(value: string | undefined): Promise<void> {
  if (!value) return;
  await db.session.deleteMany({ where: { id: sha256(value) } });
}

/** The value of one cookie in a Cookie header. */
export function cookieFromHeader(header: string | null, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const i = part.indexOf("=");
    if (i > 0 && part.slice(0, i).trim() === name) return decodeURIComponent(part.slice(i + 1).trim());
  }
  return undefined;
}
