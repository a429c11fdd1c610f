import "server-only";
import { createHash, timingSafeEqual } from "node:crypto";
import { hasRole } from "@/lib/auth/roles";
import { authenticate } from "@/lib/http/api";

/**
 * Who may scrape /metrics: `Authorization: Bearer <METRICS_TOKEN>` (a scrape secret set in the environment, so that
 * Prometheus needs no user), or any API token or session of a user (viewer and up).
 */
export async function mayScrape(req: Request): Promise<boolean> {
  const secret = process.env.METRICS_TOKEN;
  const m = /^Bearer\s+(\S+)$/i.exec(req.headers.get("authorization") ?? "");
  if (secret && m && sameSecret(m[1], secret)) return true;
  const user = await authenticate(req);
  return user !== null && hasRole(user.role, "viewer");
}

/** Constant-time comparison of two secrets of any length (their hashes are compared). */
function sameSecret(a: string, b: string): boolean {
  const h = (s: string) => createHash("sha256").update(s).digest();
  return timingSafeEqual(h(a), h(b));
}
