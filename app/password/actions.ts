"use server";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { getCurrentUser } from "@/lib/auth/current-user";
import { SESSION_COOKIE } from "@/lib/auth/sessions";
import { setOwnPassword } from "@/lib/auth/user-admin";
import { newPasswordSchema, sha256 } from "@/lib/auth/users";

export interface NewPasswordState {
  fields?: { password?: string; confirm?: string };
}

/** The signed-in user sets a new password (required after an admin reset it); other sessions end. */
export async function setPasswordAction(_prev: NewPasswordState, form: FormData): Promise<NewPasswordState> {
  const user = await getCurrentUser();
  if (!user) redirect("/login");
  const password = String(form.get("password") ?? "");
  const parsed = newPasswordSchema.safeParse(password);
  if (!parsed.success) return { fields: { password: parsed.error.issues[0]?.message } };
  if (String(form.get("confirm") ?? "") !== password) return { fields: { confirm: "The two passwords differ" } };
  const cookie = (await cookies()).get(SESSION_COOKIE)?.value;
  await setOwnPassword(user.id, cookie ? sha256(cookie) : null, parsed.data);
  redirect("/");
}
