import { createUserAs, listUsers } from "@/lib/auth/user-admin";
import { userJson } from "@/lib/auth/user-json";
import { apiError, readJson, withApi } from "@/lib/http/api";

export const dynamic = "force-dynamic";

/** The users with role, disabled and last sign-in (admin). */
export const GET = withApi("admin", async () => Response.json({ items: (await listUsers()).map(userJson) }));

/** Creates a user: {email, password (10–200 characters), role}. 409 when the e-mail is taken. */
export const POST = withApi("admin", async (req, { user }) => {
  const body = await readJson(req);
  if (!body.ok) return body.response;
  const r = await createUserAs(user.email, body.value);
  if (!r.ok) return apiError(r.status, r.code, r.message, r.fields);
  return Response.json(userJson(r.user), { status: 201 });
});
