"use server";
import { revalidatePath } from "next/cache";
import { requirePageUser } from "@/lib/auth/current-user";
import { fieldErrors } from "@/lib/field-errors";
import { createApiToken, deleteApiToken, tokenOptionsSchema } from "@/lib/auth/users";

export interface CreateTokenState {
  token?: string;
  name?: string;
  fields?: Record<string, string>;
}

export async function createTokenAction(_prev: CreateTokenState, form: FormData): Promise<CreateTokenState> {
  const user = await requirePageUser("viewer");
  const days = String(form.get("expiresInDays") ?? "");
  const parsed = tokenOptionsSchema.safeParse({
    name: form.get("name") ?? "",
    expiresInDays: days === "" ? undefined : days,
    scope: form.get("scope") ?? "full",
  });
  if (!parsed.success) return { fields: fieldErrors(parsed.error) };
  const { token } = await createApiToken(user.id, parsed.data.name, parsed.data);
  revalidatePath("/settings/tokens");
  return { token, name: parsed.data.name };
}

export async function deleteTokenAction(form: FormData): Promise<void> {
  const user = await requirePageUser("viewer");
  await deleteApiToken(user.id, String(form.get("id") ?? ""));
  revalidatePath("/settings/tokens");
}
