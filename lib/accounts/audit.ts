/** The audit trail's diff: which settings paths changed, with secrets never written out. */

export interface AuditChange {
  path: string;
  from: unknown;
  to: unknown;
}

const SECRET_PATHS = new Set(["connection.password", "connection.receiver.password"]);

function flatten(value: unknown, prefix: string, out: Map<string, unknown>): void {
  if (value !== null && typeof value === "object" && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
    return;
  }
  // Arrays (encodings, auto replies) are compared whole: a reorder is a change of the list.
  out.set(prefix, value);
}

/** Differences between two account documents, by dotted path. */
export function diffSettings(before: unknown, after: unknown): AuditChange[] {
  const a = new Map<string, unknown>();
  const b = new Map<string, unknown>();
  flatten(before ?? {}, "", a);
  flatten(after ?? {}, "", b);
  const changes: AuditChange[] = [];
  for (const key of new Set([...a.keys(), ...b.keys()])) {
    if (SECRET_PATHS.has(key)) continue;
    const x = a.get(key);
    const y = b.get(key);
    if (JSON.stringify(x) !== JSON.stringify(y)) changes.push({ path: key, from: x ?? null, to: y ?? null });
  }
  return changes.sort((p, q) => p.path.localeCompare(q.path));
}
