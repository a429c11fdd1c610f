/** How both audit logs (accounts, users) write a changed value. */
export function auditValue(v: unknown): string {
  if (v === null || v === undefined) return "—";
  return typeof v === "string" ? v : JSON.stringify(v);
}
