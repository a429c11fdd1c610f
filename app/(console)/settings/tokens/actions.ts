"use server";
import { revalidatePath } from "next/cache";
import { requirePageUser } from "@/lib/auth/current-user";
import { createApiToken, deleteApiToken } from "@/lib/auth/users";

export interface CreateTokenState {
  token?: string;
  name?: string;
  error?: string;
}

export async function createTokenAction(_prev: CreateTokenState, form: FormData): Promise<CreateTokenState> {
  const user = await requirePageUser("viewer");
  const name = String(form.get("name") ?? "").trim();
  if (name.length < 1 || name.length > 100) return { error: "A name of 1 to 100 characters is required" };
  const { token } = await createApiToken(user.id, name);
  revalidatePath("/settings/tokens");
  return { token, name };
}

export async function deleteTokenAction(form: FormData): Promise<void> {
  const user = await requirePageUser("viewer");
  await deleteApiToken(user.id, String(form.get("id") ?? ""));
  revalidatePath("/settings/tokens");
}
