"use server";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { createAccount, deleteAccount, duplicateAccount, setAccountEnabled, updateAccount } from "@/lib/accounts/repository";
import { ForbiddenError, requirePageUser } from "@/lib/auth/current-user";

export type SaveAccountResult = { ok: true; id: string } | { ok: false; message: string; fields?: Record<string, string> };

/**
 * Creates (id null) or replaces an account from the form's values. The repository validates them with the same
 * schema as the form, so a bypassed browser check still comes back as field errors. A new account is always saved
 * disabled: it binds once an admin enables it, never by being saved.
 */
export async function saveAccountAction(id: string | null, values: unknown): Promise<SaveAccountResult> {
  let actor: string;
  try {
    actor = (await requirePageUser("admin")).email;
  } catch (e) {
    if (e instanceof ForbiddenError) return { ok: false, message: e.message };
    throw e;
  }
  const r = id ? await updateAccount(id, values, actor) : await createAccount(savedDisabled(values), actor);
  if (!r.ok) return { ok: false, message: r.message, fields: r.fields };
  revalidatePath("/accounts");
  revalidatePath(`/accounts/${r.account.id}`);
  return { ok: true, id: r.account.id };
}

export async function deleteAccountAction(form: FormData): Promise<void> {
  const user = await requirePageUser("admin");
  await deleteAccount(String(form.get("id") ?? ""), user.email);
  revalidatePath("/accounts");
  redirect("/accounts");
}

export async function duplicateAccountAction(form: FormData): Promise<void> {
  const user = await requirePageUser("admin");
  const r = await duplicateAccount(String(form.get("id") ?? ""), user.email);
  revalidatePath("/accounts");
  if (r.ok) redirect(`/accounts/${r.account.id}/edit`);
}

export async function setAccountEnabledAction(form: FormData): Promise<void> {
  const user = await requirePageUser("admin");
  const id = String(form.get("id") ?? "");
  await setAccountEnabled(id, form.get("enabled") === "true", user.email);
  revalidatePath("/accounts");
  revalidatePath(`/accounts/${id}`);
}

function savedDisabled(values: unknown): unknown {
  return values && typeof values === "object" && !Array.isArray(values) ? { ...values, enabled: false } : values;
}
