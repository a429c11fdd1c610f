/** A PDU of a trace as the API gives it (shared/spec/api.md): passwords already masked by the server. */
export interface TracePdu {
  at: string | number;
  direction: "out" | "in";
  command: string;
  sequence: number;
  status?: number | string | null;
  statusName?: string;
  fields?: Record<string, unknown>;
  hex?: string;
  /** The account's log only: live, test_connection or test_send. */
  session?: string;
  [extra: string]: unknown;
}

/** Accepts `[...]`, `{items: [...]}`, `{pdus: [...]}` or `{trace: [...]}` so the viewer survives small shape changes. */
export function tracePdus(body: unknown): TracePdu[] {
  if (Array.isArray(body)) return body as TracePdu[];
  if (body && typeof body === "object") {
    for (const key of ["items", "pdus", "trace", "traces"]) {
      const v = (body as Record<string, unknown>)[key];
      if (Array.isArray(v)) return v as TracePdu[];
    }
  }
  return [];
}

export function formatAt(at: string | number): string {
  const d = new Date(at);
  return Number.isNaN(d.getTime()) ? String(at) : d.toISOString().slice(11, 23);
}
