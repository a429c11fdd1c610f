// One user per console role with an API token each, for the tests that call the route handlers as each role.
import { createApiToken, createUser } from "@/lib/auth/users";
import { ROLES, type Role } from "@/lib/auth/roles";

export type RoleUser = { id: string; token: string };

let made = 0;

/** Users `<role>@<domain>` (by default a domain new at each call, so a file may call it twice), each with an API token. */
export async function roleUsers(domain = `roles-${++made}.test`): Promise<Record<Role, RoleUser>> {
  const out = {} as Record<Role, RoleUser>;
  for (const role of ROLES) {
    const u = await createUser({ email: `${role}@${domain}`, password: "a-long-password", role });
    out[role] = { id: u.id, token: (await createApiToken(u.id, "test")).token };
  }
  return out;
}

/** A bearer token for each role. */
export async function roleTokens(domain?: string): Promise<Record<Role, string>> {
  const users = await roleUsers(domain);
  return { admin: users.admin.token, operator: users.operator.token, viewer: users.viewer.token };
}
