import "server-only";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { hasRole, type Role } from "./roles";
import { SESSION_COOKIE, userForSession } from "./sessions";
import type { PublicUser } from "./users";

export class ForbiddenError extends Error {
  constructor(public readonly needed: Role) {
    super(`This needs the ${needed} role`);
    this.name = "ForbiddenError";
  }
}

/** The signed-in user of the current request (pages, server actions), or null. */
export async function getCurrentUser(): Promise<PublicUser | null> {
  const jar = await cookies();
  return userForSession(jar.get(SESSION_COOKIE)?.value);
}

/**
 * For pages and server actions: redirects to /login when signed out, to /password after an admin reset the password
 * (the user chooses a new one before anything else); throws ForbiddenError without the role.
 */
export async function requirePageUser(role: Role = "viewer"): Promise<PublicUser> {
  const user = await getCurrentUser();
  if (!user) redirect("/login");
  if (user.mustChangePassword) redirect("/password");
  if (!hasRole(user.role, role)) throw new ForbiddenError(role);
  return user;
}
