"use server";
import { revalidatePath } from "next/cache";
import { requirePageUser } from "@/lib/auth/current-user";
import { matchAgainSchema } from "@/lib/receipts/schema";
import { matchUnmatchedAgain } from "@/lib/receipts/unmatched";

/** "Match again": reads the account's unmatched SRs with its current settings (operator and admin). */
export async function matchAgainAction(form: FormData): Promise<void> {
  await requirePageUser("operator");
  const parsed = matchAgainSchema.safeParse({ accountId: form.get("accountId") });
  if (parsed.success) await matchUnmatchedAgain(parsed.data.accountId);
  revalidatePath("/receipts");
}
