import "server-only";
import http from "node:http";

/**
 * The address a request came from, for the sign-in throttle. Next's server sets `X-Forwarded-For` to the socket's
 * address only when the request has none (`??=`), so a header sent by the client would win and let it pick a new
 * address per attempt. Unless TRUST_PROXY says that a proxy in front of the console writes that header, the web
 * process drops it from every incoming request before Next reads it (`dropClientForwardedFor`, installed by
 * instrumentation.ts): the header Next then sets is the socket address.
 *
 * TRUST_PROXY: unset, "false" or "0" = no proxy (the socket address); "true" = one proxy; a number n = n proxies
 * in a row, each appending the address it saw: the client is the n-th entry from the right.
 */
export function trustedProxyHops(env: Record<string, string | undefined> = process.env): number {
  const v = (env.TRUST_PROXY ?? "").trim().toLowerCase();
  if (v === "" || v === "false" || v === "0") return 0;
  if (v === "true") return 1;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new Error(`TRUST_PROXY must be true, false or a number of proxies, not "${v}"`);
  return n;
}

/** "::ffff:127.0.0.1" → "127.0.0.1"; trims; "unknown" when there is nothing. */
function normalise(address: string | undefined): string {
  const a = (address ?? "").trim().toLowerCase();
  if (a === "") return "unknown";
  return a.startsWith("::ffff:") && a.includes(".") ? a.slice(7) : a;
}

export function clientAddress(headers: Pick<Headers, "get">, env: Record<string, string | undefined> = process.env): string {
  const entries = (headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  const hops = trustedProxyHops(env);
  // No proxy: one entry, the socket address Next wrote. Behind n proxies: the entry the outermost one appended.
  const index = hops === 0 ? entries.length - 1 : Math.max(0, entries.length - hops);
  return normalise(entries[index]);
}

let installed = false;

/** Drops a client's own X-Forwarded-For from every request of this process's HTTP servers (unless TRUST_PROXY). */
export function dropClientForwardedFor(env: Record<string, string | undefined> = process.env): void {
  if (installed || trustedProxyHops(env) > 0) return;
  installed = true;
  const emit = http.Server.prototype.emit as (this: http.Server, event: string | symbol, ...args: unknown[]) => boolean;
  http.Server.prototype.emit = function (this: http.Server, event: string | symbol, ...args: unknown[]): boolean {
    if (event === "request") delete (args[0] as http.IncomingMessage).headers["x-forwarded-for"];
    return emit.call(this, event, ...args);
  };
}
