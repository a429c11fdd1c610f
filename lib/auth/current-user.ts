import "server-only";
import { cookies } from "next/headers";
import { forbidden, redirect } from "next/navigation";
import { hasRole, roleRefusal, type Role, type RoleRefusal } from "./roles";
import { SESSION_COOKIE, userForSession } from "./sessions";
import type { PublicUser } from "./users";

/** The signed-in user of the current request (pages, server actions), or null. */
export async function getCurrentUser(): Promise<PublicUser | null> {
  const jar = await cookies();
  return userForSession(jar.get(SESSION_COOKIE)?.value);
}

async function signedInUser(): Promise<PublicUser> {
  const user = await getCurrentUser();
  if (!user) redirect("/login");
  if (user.mustChangePassword) redirect("/password");
  return user;
}

/**
 * For pages: redirects to /login when signed out, to /password after an admin reset the password (the user chooses
 * a new one before anything else); without the role, `forbidden()`: HTTP 403 and the segment's forbidden.tsx, which
 * says which role is missing.
 */
export async function requirePageUser(role: Role = "viewer"): Promise<PublicUser> {
  const user = await signedInUser();
  if (!hasRole(user.role, role)) forbidden();
  return user;
}

/**
 * For server actions: the same redirects, and without the role a refusal for the action to return as its result
 * ("This needs the admin role", shown by the form) rather than an exception, which a production build turns into
 * a 500 with a digest. Nothing is changed.
 */
export async function requireActionUser(role: Role): Promise<{ ok: true; user: PublicUser } | RoleRefusal> {
  const user = await signedInUser();
  return hasRole(user.role, role) ? { ok: true, user } : roleRefusal(role);
}
