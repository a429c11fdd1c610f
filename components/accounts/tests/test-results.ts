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
