import type { TracePdu } from "../traces/pdu";

/** One step of Test connection (shared/spec/api.md). */
export interface ConnectionStep {
  step: "dns" | "tcp" | "tls" | "bind" | "enquire_link" | "unbind" | string;
  ok: boolean;
  ms?: number;
  detail?: string;
}

export interface TestConnectionResult {
  ok: boolean;
  steps: ConnectionStep[];
  smscSystemId?: string | null;
  trace?: TracePdu[];
  error?: { code?: string; message?: string; step?: string };
}

export const STEP_LABEL: Record<string, string> = {
  dns: "DNS lookup",
  tcp: "TCP connection",
  tls: "TLS handshake",
  bind: "Bind",
  enquire_link: "enquire_link round trip",
  unbind: "Unbind",
};

/** The API's error body, `{error: {code, message, …}}`, or null when the body is something else. */
export function apiErrorOf(body: unknown): { code?: string; message?: string; step?: string; fields?: Record<string, string> } | null {
  if (body && typeof body === "object" && "error" in body) {
    const e = (body as { error: unknown }).error;
    if (e && typeof e === "object") return e as { code?: string; message?: string };
    if (typeof e === "string") return { message: e };
  }
  return null;
}
