import "server-only";
import { hasRole, type Role } from "../auth/roles";
import { SESSION_COOKIE, cookieFromHeader, userForSession } from "../auth/sessions";
import { userForApiToken, type PublicUser } from "../auth/users";
import type { z } from "zod";
import { fieldErrors } from "../field-errors";
import { LONE_SURROGATE_MESSAGE, illFormedTextPath } from "../well-formed-text";
import { isForeignOriginRequest } from "./same-origin";
import { byteLimitFromEnv, formatBytes, readBodyText } from "./bounded-body";
import { errorMessage } from "@/lib/errors";

/** The spec's error body: {"error": {code, message, fields?}}. */
/** 422 validation_failed with zod's issues as `fields` (shared/spec/api.md); whole-input issues under `rootKey`. */
export function validationFailed(error: z.ZodError, message = "Some fields are not valid", rootKey?: string): Response {
  return apiError(422, "validation_failed", message, fieldErrors(error, rootKey));
}

export function apiError(status: number, code: string, message: string, fields?: Record<string, string>): Response {
  return Response.json({ error: fields ? { code, message, fields } : { code, message } }, { status });
}

export async function authenticate(req: Request): Promise<PublicUser | null> {
  const auth = req.headers.get("authorization");
  if (auth) {
    const m = /^Bearer\s+(\S+)$/i.exec(auth);
    return m ? userForApiToken(m[1]) : null;
  }
  return userForSession(cookieFromHeader(req.headers.get("cookie"), SESSION_COOKIE));
}

export interface ApiContext {
  user: PublicUser;
  params: Record<string, string>;
}

type RouteContext = { params: Promise<Record<string, string | string[]>> };

/** Wraps a route handler: authentication, role check, and no stack trace or secret in any error response. */
export function withApi(role: Role, handler: (req: Request, ctx: ApiContext) => Promise<Response>) {
  return async (req: Request, routeCtx?: RouteContext): Promise<Response> => {
    try {
      const user = await authenticate(req);
      if (!user) return apiError(401, "unauthorized", "Sign in or send Authorization: Bearer <token>");
      if (!req.headers.get("authorization") && isForeignOriginRequest(req)) {
        return apiError(403, "foreign_origin", "A signed-in change must come from this console's own pages (Origin)");
      }
      if (!hasRole(user.role, role)) return apiError(403, "forbidden", `This needs the ${role} role (you are ${user.role})`);
      if (user.readOnly && req.method !== "GET" && req.method !== "HEAD")
        return apiError(403, "read_only_token", "This API token is read-only: it may only read (GET)");
      if (user.mustChangePassword)
        return apiError(403, "password_change_required", "Choose a new password first (an admin reset it): sign in on the page");
      const raw = routeCtx ? await routeCtx.params : {};
      const params: Record<string, string> = {};
      for (const [k, v] of Object.entries(raw ?? {})) params[k] = Array.isArray(v) ? v.join("/") : v;
      return await handler(req, { user, params });
    } catch (e) {
      console.error(`[api] ${req.method} ${new URL(req.url).pathname} failed:`, errorMessage(e));
      return apiError(500, "internal_error", "The server could not complete this request");
    }
  };
}

/** API_MAX_JSON_BYTES: the largest JSON body an API route reads (1 MB by default). */
export const jsonBodyLimit = () => byteLimitFromEnv("API_MAX_JSON_BYTES", 1024 * 1024);

/**
 * Parses a JSON body: one over `maxBytes` is a 413 before it is read whole, a malformed one a 400, a string that is
 * not valid Unicode (a lone surrogate) a 422 naming its field.
 */
export async function readJson(
  req: Request,
  maxBytes = jsonBodyLimit(),
): Promise<{ ok: true; value: unknown } | { ok: false; response: Response }> {
  const body = await readBodyText(req, maxBytes);
  if (!body.ok) {
    return {
      ok: false,
      response: apiError(413, "payload_too_large", `The body is larger than the ${formatBytes(body.maxBytes)} this route reads`),
    };
  }
  const text = body.text;
  let value: unknown;
  try {
    value = text.trim() === "" ? {} : JSON.parse(text);
  } catch (e) {
    return { ok: false, response: apiError(400, "malformed_json", `The body is not valid JSON: ${errorMessage(e)}`) };
  }
  const bad = illFormedTextPath(value);
  if (bad !== null)
    return {
      ok: false,
      response: apiError(422, "validation_failed", "Some fields are not valid", { [bad]: LONE_SURROGATE_MESSAGE }),
    };
  return { ok: true, value };
}
