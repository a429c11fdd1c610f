import "server-only";

/**
 * Cross-site request forgery defence for the API's cookie sessions (shared/spec/api.md): a state-changing request
 * authenticated by the session cookie must come from the app's own pages. Browsers send `Origin` on every POST, PUT,
 * PATCH and DELETE (same-origin ones too), so it is compared with the host the request was sent to (`Host`, or
 * `X-Forwarded-Host` behind a proxy, as Next checks server actions) or one of APP_ORIGINS. Without `Origin`,
 * `Sec-Fetch-Site: same-origin` is accepted; a request with neither is refused. Bearer tokens are not cookies:
 * they are not sent by a browser on its own, so they are not checked.
 */
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** APP_ORIGINS: extra origins allowed (comma-separated, e.g. https://console.example.com behind a proxy). */
function configuredOrigins(): string[] {
  return (process.env.APP_ORIGINS ?? "")
    .split(",")
    .map((o) => o.trim().replace(/\/+$/, "").toLowerCase())
    .filter(Boolean);
}

export function isForeignOriginRequest(req: Request): boolean {
  if (SAFE_METHODS.has(req.method.toUpperCase())) return false;
  const origin = req.headers.get("origin");
  if (origin === null || origin === "null") {
    return origin === "null" || req.headers.get("sec-fetch-site") !== "same-origin";
  }
  let parsed: URL;
  try {
    parsed = new URL(origin);
  } catch {
    return true;
  }
  if (configuredOrigins().includes(parsed.origin.toLowerCase())) return false;
  const hosts = [req.headers.get("x-forwarded-host")?.split(",")[0], req.headers.get("host")]
    .map((h) => h?.trim().toLowerCase())
    .filter((h): h is string => !!h);
  if (hosts.length === 0) hosts.push(new URL(req.url).host.toLowerCase());
  return !hosts.includes(parsed.host.toLowerCase());
}
