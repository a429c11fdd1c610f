import { deleteUserAs, updateUserAs } from "@/lib/auth/user-admin";
import { userJson } from "@/lib/auth/user-json";
import { apiError, readJson, withApi } from "@/lib/http/api";

export const dynamic = "force-dynamic";

/**
 * {role?, disabled?, resetPassword?: true}: change the role, disable / enable, or reset the password (the answer then
 * holds `temporaryPassword`, shown once; the user chooses a new one at the next sign-in). 409 for the last admin.
 */
export const PATCH = withApi("admin", async (req, { params, user }) => {
  const body = await readJson(req);
  if (!body.ok) return body.response;
  const r = await updateUserAs(user.email, params.id, body.value);
  if (!r.ok) return apiError(r.status, r.code, r.message, r.fields);
  return Response.json(userJson(r.user));
});

/** Deletes a user and its sessions and tokens; never the last active admin (409). */
export const DELETE = withApi("admin", async (_req, { params, user }) => {
  const r = await deleteUserAs(user.email, params.id);
  if (!r.ok) return apiError(r.status, r.code, r.message, r.fields);
  return new Response(null, { status: 204 });
});
