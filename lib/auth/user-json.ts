/** The API's JSON of a user: role, state and last sign-in, never a password hash. Client-safe. */
import type { UserView } from "./user-admin";

export function userJson(u: UserView & { temporaryPassword?: string }) {
  return {
    id: u.id,
    email: u.email,
    role: u.role,
    disabled: u.disabled,
    mustChangePassword: u.mustChangePassword,
    createdAt: u.createdAt.toISOString(),
    lastSignInAt: u.lastSignInAt?.toISOString() ?? null,
    ...(u.temporaryPassword ? { temporaryPassword: u.temporaryPassword } : {}),
  };
}
