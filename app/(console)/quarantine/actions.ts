"use server";
import { revalidatePath } from "next/cache";
import { requireActionUser } from "@/lib/auth/current-user";
import type { RoleRefusal } from "@/lib/auth/roles";
import { fieldErrors } from "@/lib/field-errors";
import { LONE_SURROGATE_MESSAGE, illFormedTextPath } from "@/lib/well-formed-text";
import { quarantineEntrySchema, quarantineRemoveSchema } from "@/lib/quarantine/schema";
import { addToQuarantine, removeFromQuarantine } from "@/lib/quarantine/store";

export type AddQuarantineResult =
  { ok: true; number: string } | { ok: false; fields: Record<string, string> } | (RoleRefusal & { fields?: undefined });

/** Adds a number to the SMS denylist (operator and admin). */
export async function addQuarantineAction(input: unknown): Promise<AddQuarantineResult> {
  const allowed = await requireActionUser("operator");
  if (!allowed.ok) return allowed;
  const bad = illFormedTextPath(input);
  if (bad !== null) return { ok: false, fields: { [bad]: LONE_SURROGATE_MESSAGE } };
  const parsed = quarantineEntrySchema.safeParse(input);
  if (!parsed.success) return { ok: false, fields: fieldErrors(parsed.error, "number") };
  const entry = await addToQuarantine(parsed.data.number, parsed.data.shortCode, parsed.data.reason);
  revalidatePath("/quarantine");
  return { ok: true, number: entry.number };
}

/** Removes one entry (number + short code) from the denylist (operator and admin). */
export async function removeQuarantineAction(_prev: RoleRefusal | null, form: FormData): Promise<RoleRefusal | null> {
  const allowed = await requireActionUser("operator");
  if (!allowed.ok) return allowed;
  const parsed = quarantineRemoveSchema.safeParse({ number: form.get("number"), shortCode: form.get("shortCode") ?? "" });
  if (parsed.success) await removeFromQuarantine(parsed.data.number, parsed.data.shortCode);
  revalidatePath("/quarantine");
  return null;
}
