import "server-only";
/**
 * Managing users (admin): list, create with a role, change role, reset password (a one-time password the user replaces
 * at the next sign-in), disable / enable, delete. The Users page, the API (/api/v1/users) and the CLI call these, and
 * each change is written to the audit log (entries without an account, action "user.*"). The last active admin can
 * be neither demoted, disabled nor deleted: the console must always keep someone who can manage it.
 */
import crypto from "node:crypto";
import { z } from "zod";
import { readAuditEntries, type AuditEntryView } from "../audit-log";
import { db } from "../db";
import { fieldErrors } from "../field-errors";
import { ROLES, type Role } from "./roles";
import { hashPassword, newUserSchema } from "./users";

export interface UserView {
  id: string;
  email: string;
  role: Role;
  disabled: boolean;
  mustChangePassword: boolean;
  createdAt: Date;
  lastSignInAt: Date | null;
}

export type UserResult<T = UserView> =
  { ok: true; user: T } | { ok: false; status: 404 | 409 | 422; code: string; message: string; fields?: Record<string, string> };

export const userPatchSchema = z
  .object({
    role: z.enum(ROLES, { error: "Must be admin, operator or viewer" }).optional(),
    disabled: z.boolean({ error: "Must be true or false" }).optional(),
    resetPassword: z.literal(true, { error: "Only true resets the password" }).optional(),
  })
  .strict()
  .refine((p) => p.role !== undefined || p.disabled !== undefined || p.resetPassword !== undefined, {
    error: "Give role, disabled or resetPassword",
  });
export type UserPatch = z.output<typeof userPatchSchema>;

const VIEW = {
  id: true,
  email: true,
  role: true,
  disabled: true,
  mustChangePassword: true,
  createdAt: true,
  lastSignInAt: true,
} as const;

const invalid = (error: z.ZodError): UserResult<never> => ({
  ok: false,
  status: 422,
  code: "validation_failed",
  message: "Some fields are not valid",
  fields: fieldErrors(error),
});

const toView = (u: Omit<UserView, "role"> & { role: string }): UserView => ({ ...u, role: u.role as Role });

export async function listUsers(): Promise<UserView[]> {
  const rows = await db.user.findMany({ orderBy: { email: "asc" }, select: VIEW });
  return rows.map(toView);
}

export async function findUser(idOrEmail: string): Promise<UserView | null> {
  const row = await db.user.findFirst({ where: { OR: [{ id: idOrEmail }, { email: idOrEmail.toLowerCase() }] }, select: VIEW });
  return row ? toView(row) : null;
}

async function auditUser(actor: string, action: string, email: string, changes: { path: string; from: unknown; to: unknown }[]) {
  await db.auditEntry.create({
    data: {
      accountId: null,
      actor,
      action: `user.${action}`,
      changes: JSON.stringify([{ path: "user", from: null, to: email }, ...changes]),
    },
  });
}

/** A readable one-time password (16 characters, no look-alikes), shown once to the admin who reset it. */
export function temporaryPassword(): string {
  const alphabet = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789";
  return Array.from(crypto.randomBytes(16), (b) => alphabet[b % alphabet.length]).join("");
}

export async function createUserAs(actor: string, input: unknown): Promise<UserResult> {
  const parsed = newUserSchema.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  const u = parsed.data;
  if (await db.user.findUnique({ where: { email: u.email } }))
    return {
      ok: false,
      status: 409,
      code: "email_taken",
      message: `A user ${u.email} already exists`,
      fields: { email: "Already used" },
    };
  const row = await db.user.create({
    data: { email: u.email, role: u.role, passwordHash: await hashPassword(u.password) },
    select: VIEW,
  });
  await auditUser(actor, "create", u.email, [{ path: "role", from: null, to: u.role }]);
  return { ok: true, user: toView(row) };
}

/** Other active admins than `userId`: 0 means `userId` is the last one. */
async function otherActiveAdmins(userId: string): Promise<number> {
  return db.user.count({ where: { role: "admin", disabled: false, id: { not: userId } } });
}

const lastAdmin = (what: string): UserResult<never> => ({
  ok: false,
  status: 409,
  code: "last_admin",
  message: `This is the last active admin: it cannot be ${what}. Make another user admin first.`,
});

/** Role, disabled and password reset; a reset answers the one-time password (shown once, never stored plain). */
export async function updateUserAs(
  actor: string,
  id: string,
  input: unknown,
): Promise<UserResult<UserView & { temporaryPassword?: string }>> {
  const parsed = userPatchSchema.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  const patch = parsed.data;
  const existing = await findUser(id);
  if (!existing) return { ok: false, status: 404, code: "not_found", message: "No such user" };
  const losesAdmin =
    existing.role === "admin" && !existing.disabled && ((patch.role && patch.role !== "admin") || patch.disabled === true);
  if (losesAdmin && (await otherActiveAdmins(existing.id)) === 0) return lastAdmin(patch.disabled ? "disabled" : "demoted");

  const data: { role?: Role; disabled?: boolean; passwordHash?: string; mustChangePassword?: boolean } = {};
  const changes: { path: string; from: unknown; to: unknown }[] = [];
  if (patch.role && patch.role !== existing.role) {
    data.role = patch.role;
    changes.push({ path: "role", from: existing.role, to: patch.role });
  }
  if (patch.disabled !== undefined && patch.disabled !== existing.disabled) {
    data.disabled = patch.disabled;
    changes.push({ path: "disabled", from: existing.disabled, to: patch.disabled });
  }
  let temporary: string | undefined;
  if (patch.resetPassword) {
    temporary = temporaryPassword();
    data.passwordHash = await hashPassword(temporary);
    data.mustChangePassword = true;
    changes.push({ path: "password", from: "(hidden)", to: "(reset: new one at next sign-in)" });
  }
  const row = await db.user.update({ where: { id: existing.id }, data, select: VIEW });
  // A disabled user or a reset password ends the user's sessions at once (API tokens are refused while disabled).
  if (data.disabled || temporary) await db.session.deleteMany({ where: { userId: existing.id } });
  if (changes.length > 0) {
    const action = temporary
      ? "reset-password"
      : data.disabled !== undefined
        ? data.disabled
          ? "disable"
          : "enable"
        : "set-role";
    await auditUser(actor, action, existing.email, changes);
  }
  return { ok: true, user: { ...toView(row), ...(temporary ? { temporaryPassword: temporary } : {}) } };
}

export async function deleteUserAs(actor: string, id: string): Promise<UserResult> {
  const existing = await findUser(id);
  if (!existing) return { ok: false, status: 404, code: "not_found", message: "No such user" };
  if (existing.role === "admin" && !existing.disabled && (await otherActiveAdmins(existing.id)) === 0)
    return lastAdmin("deleted");
  await db.user.delete({ where: { id: existing.id } });
  await auditUser(actor, "delete", existing.email, [{ path: "role", from: existing.role, to: null }]);
  return { ok: true, user: existing };
}

/** The user replaces a reset (or their own) password; their other sessions end. */
export async function setOwnPassword(userId: string, keepSession: string | null, password: string): Promise<void> {
  const user = await db.user.update({
    where: { id: userId },
    data: { passwordHash: await hashPassword(password), mustChangePassword: false },
  });
  await db.session.deleteMany({ where: { userId, ...(keepSession ? { id: { not: keepSession } } : {}) } });
  await auditUser(user.email, "set-password", user.email, [{ path: "password", from: "(hidden)", to: "(changed)" }]);
}

export type UserAuditView = AuditEntryView<{ path: string; from: unknown; to: unknown }[]>;

/** The latest user changes, newest first (the Users page). */
export function listUserAudit(limit = 30): Promise<UserAuditView[]> {
  return readAuditEntries({ accountId: null, action: { startsWith: "user." } }, limit);
}
