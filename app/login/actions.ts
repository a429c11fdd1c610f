"use server";
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { SESSION_COOKIE, closeSession } from "@/lib/auth/sessions";
import { signIn, signInSchema } from "@/lib/auth/sign-in";
import { clientAddress } from "@/lib/http/client-address";

export interface SignInState {
  error?: string;
  fields?: { email?: string; password?: string };
  email?: string;
}

export async function signInAction(_prev: SignInState, form: FormData): Promise<SignInState> {
  const parsed = signInSchema.safeParse({ email: form.get("email"), password: form.get("password") });
  const email = String(form.get("email") ?? "");
  if (!parsed.success) {
    const fields: SignInState["fields"] = {};
    for (const i of parsed.error.issues) fields[i.path[0] as "email" | "password"] ??= i.message;
    return { fields, email };
  }
  const r = await signIn(parsed.data.email, parsed.data.password, clientAddress(await headers()));
  if (!r.ok) return { error: r.message, email };
  const jar = await cookies();
  jar.set(SESSION_COOKIE, r.session.value, {
    httpOnly: true,
    sameSite: "lax",
    secure: process.env.COOKIE_SECURE === "true",
    path: "/",
    expires: r.session.expiresAt,
  });
  // A password an admin reset is replaced before anything else.
  if (r.mustChangePassword) redirect("/password");
  const next = String(form.get("next") ?? "");
  redirect(next.startsWith("/") && !next.startsWith("//") ? next : "/accounts");
}

export async function signOutAction(): Promise<void> {
  const jar = await cookies();
  await closeSession(jar.get(SESSION_COOKIE)?.value);
  jar.delete(SESSION_COOKIE);
  redirect("/login");
}
