"use server";
import { revalidatePath } from "next/cache";
import { requireActionUser } from "@/lib/auth/current-user";
import type { RoleRefusal } from "@/lib/auth/roles";
import { matchAgainSchema } from "@/lib/receipts/schema";
import { matchUnmatchedAgain } from "@/lib/receipts/unmatched";

/** "Match again": reads the account's unmatched SRs with its current settings (operator and admin). */
export async function matchAgainAction(_prev: RoleRefusal | null, form: FormData): Promise<RoleRefusal | null> {
  const allowed = await requireActionUser("operator");
  if (!allowed.ok) return allowed;
  const parsed = matchAgainSchema.safeParse({ accountId: form.get("accountId") });
  if (parsed.success) await matchUnmatchedAgain(parsed.data.accountId);
  revalidatePath("/receipts");
  return null;
}
