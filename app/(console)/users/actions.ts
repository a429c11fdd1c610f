"use server";
import { revalidatePath } from "next/cache";
import { requireActionUser } from "@/lib/auth/current-user";
import { createUserAs, deleteUserAs, updateUserAs } from "@/lib/auth/user-admin";

export type UserActionResult =
  { ok: true; message: string; temporaryPassword?: string } | { ok: false; message: string; fields?: Record<string, string> };

async function adminEmail(): Promise<string | UserActionResult> {
  const allowed = await requireActionUser("admin");
  return allowed.ok ? allowed.user.email : allowed;
}

export async function createUserAction(input: { email: string; password: string; role: string }): Promise<UserActionResult> {
  const actor = await adminEmail();
  if (typeof actor !== "string") return actor;
  const r = await createUserAs(actor, input);
  if (!r.ok) return { ok: false, message: r.message, fields: r.fields };
  revalidatePath("/users");
  return { ok: true, message: `${r.user.email} can now sign in as ${r.user.role}.` };
}

export async function updateUserAction(
  id: string,
  patch: { role?: string; disabled?: boolean; resetPassword?: true },
): Promise<UserActionResult> {
  const actor = await adminEmail();
  if (typeof actor !== "string") return actor;
  const r = await updateUserAs(actor, id, patch);
  if (!r.ok) return { ok: false, message: r.message, fields: r.fields };
  revalidatePath("/users");
  const u = r.user;
  if (u.temporaryPassword)
    return {
      ok: true,
      message: `${u.email} signs in once with this password, then chooses a new one:`,
      temporaryPassword: u.temporaryPassword,
    };
  if (patch.disabled !== undefined) return { ok: true, message: `${u.email} is ${u.disabled ? "disabled" : "enabled"}.` };
  return { ok: true, message: `${u.email} is now ${u.role}.` };
}

export async function deleteUserAction(id: string): Promise<UserActionResult> {
  const actor = await adminEmail();
  if (typeof actor !== "string") return actor;
  const r = await deleteUserAs(actor, id);
  if (!r.ok) return { ok: false, message: r.message };
  revalidatePath("/users");
  return { ok: true, message: `${r.user.email} was deleted.` };
}
