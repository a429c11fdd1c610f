"use server";
import { revalidatePath } from "next/cache";
import { requirePageUser } from "@/lib/auth/current-user";
import { fieldErrors } from "@/lib/field-errors";
import { LONE_SURROGATE_MESSAGE, illFormedTextPath } from "@/lib/well-formed-text";
import { quarantineEntrySchema, quarantineRemoveSchema } from "@/lib/quarantine/schema";
import { addToQuarantine, removeFromQuarantine } from "@/lib/quarantine/store";

export type AddQuarantineResult = { ok: true; number: string } | { ok: false; fields: Record<string, string> };

/** Adds a number to the SMS denylist (operator and admin). */
export async function addQuarantineAction(input: unknown): Promise<AddQuarantineResult> {
  await requirePageUser("operator");
  const bad = illFormedTextPath(input);
  if (bad !== null) return { ok: false, fields: { [bad]: LONE_SURROGATE_MESSAGE } };
  const parsed = quarantineEntrySchema.safeParse(input);
  if (!parsed.success) return { ok: false, fields: fieldErrors(parsed.error, "number") };
  const entry = await addToQuarantine(parsed.data.number, parsed.data.shortCode, parsed.data.reason);
  revalidatePath("/quarantine");
  return { ok: true, number: entry.number };
}

/** Removes one entry (number + short code) from the denylist (operator and admin). */
export async function removeQuarantineAction(form: FormData): Promise<void> {
  await requirePageUser("operator");
  const parsed = quarantineRemoveSchema.safeParse({ number: form.get("number"), shortCode: form.get("shortCode") ?? "" });
  if (parsed.success) await removeFromQuarantine(parsed.data.number, parsed.data.shortCode);
  revalidatePath("/quarantine");
}
