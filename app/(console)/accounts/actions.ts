"use server";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { createAccount, deleteAccount, duplicateAccount, setAccountEnabled, updateAccount } from "@/lib/accounts/repository";
import { requireActionUser } from "@/lib/auth/current-user";
import type { RoleRefusal } from "@/lib/auth/roles";

export type SaveAccountResult = { ok: true; id: string } | { ok: false; message: string; fields?: Record<string, string> };

/**
 * Creates (id null) or replaces an account from the form's values. The repository validates them with the same
 * schema as the form, so a bypassed browser check still comes back as field errors. A new account is always saved
 * disabled: it binds once an admin enables it, never by being saved.
 */
export async function saveAccountAction(id: string | null, values: unknown): Promise<SaveAccountResult> {
  const allowed = await requireActionUser("admin");
  if (!allowed.ok) return allowed;
  const actor = allowed.user.email;
  const r = id ? await updateAccount(id, values, actor) : await createAccount(savedDisabled(values), actor);
  if (!r.ok) return { ok: false, message: r.message, fields: r.fields };
  revalidatePath("/accounts");
  revalidatePath(`/accounts/${r.account.id}`);
  return { ok: true, id: r.account.id };
}

/** The account row's forms (useActionState): null when done, the refusal when the user lacks the admin role. */
export type AccountFormActionState = RoleRefusal | null;

export async function deleteAccountAction(_prev: AccountFormActionState, form: FormData): Promise<AccountFormActionState> {
  const allowed = await requireActionUser("admin");
  if (!allowed.ok) return allowed;
  await deleteAccount(String(form.get("id") ?? ""), allowed.user.email);
  revalidatePath("/accounts");
  redirect("/accounts");
}

export async function duplicateAccountAction(_prev: AccountFormActionState, form: FormData): Promise<AccountFormActionState> {
  const allowed = await requireActionUser("admin");
  if (!allowed.ok) return allowed;
  const r = await duplicateAccount(String(form.get("id") ?? ""), allowed.user.email);
  revalidatePath("/accounts");
  // ?copy=1: the edit form's Cancel then asks whether to keep the copy it has just saved.
  if (r.ok) redirect(`/accounts/${r.account.id}/edit?copy=1`);
  return null;
}

export async function setAccountEnabledAction(_prev: AccountFormActionState, form: FormData): Promise<AccountFormActionState> {
  const allowed = await requireActionUser("admin");
  if (!allowed.ok) return allowed;
  const id = String(form.get("id") ?? "");
  await setAccountEnabled(id, form.get("enabled") === "true", allowed.user.email);
  revalidatePath("/accounts");
  revalidatePath(`/accounts/${id}`);
  return null;
}

function savedDisabled(values: unknown): unknown {
  return values && typeof values === "object" && !Array.isArray(values) ? { ...values, enabled: false } : values;
}
