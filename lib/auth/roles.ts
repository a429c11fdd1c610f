/** Roles of the console (shared/spec/api.md): admin > operator > viewer. Client-safe. */
export const ROLES = ["admin", "operator", "viewer"] as const;
export type Role = (typeof ROLES)[number];

const rank: Record<Role, number> = { viewer: 1, operator: 2, admin: 3 };

/** True when a user with `userRole` may do what needs `needed`. */
export function hasRole(userRole: Role, needed: Role): boolean {
  return rank[userRole] >= rank[needed];
}

/** What a server action answers a signed-in user without the role it needs (shown by the form, never a 500). */
export type RoleRefusal = { ok: false; message: string };

export function roleRefusal(needed: Role): RoleRefusal {
  return { ok: false, message: `This needs the ${needed} role` };
}
