import "server-only";
import { db } from "@/lib/db";
import { readQualifiedReason } from "@/lib/accounts/error-table";
import type { ErrorBreakdown } from "./schema";

const TOP = 5;

/**
 * Bounces + Errors of a delivery split as the error table qualified them: hard, soft (retries used up, new
 * errors included), ignored, other (no submit_sm_resp, cancelled…), the retries made and waiting, the most frequent
 * error keys, and the new ones (no row of the table matches them). One GROUP BY over the failed and waiting
 * recipients (the index on deliveryId, state serves it).
 */
export async function deliveryErrorBreakdown(deliveryId: string, retried: number): Promise<ErrorBreakdown> {
  const rows = await db.recipient.groupBy({
    by: ["state", "reason"],
    where: { deliveryId, state: { in: ["failed", "retry"] } },
    _count: { _all: true },
  });
  const out: ErrorBreakdown = { hard: 0, soft: 0, ignored: 0, other: 0, retried, waitingRetry: 0, top: [], newErrors: [] };
  const byKey = new Map<string, { key: string; type: string; count: number }>();
  for (const r of rows) {
    const n = r._count._all;
    const q = readQualifiedReason(r.reason);
    if (r.state === "retry") out.waitingRetry += n;
    else if (!q) out.other += n;
    else if (q.type === "hard") out.hard += n;
    else if (q.type === "ignored") out.ignored += n;
    else out.soft += n;
    if (!q) continue;
    const k = byKey.get(q.key) ?? { key: q.key, type: q.type, count: 0 };
    k.count += n;
    byKey.set(q.key, k);
  }
  const keys = [...byKey.values()].sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
  out.top = keys.slice(0, TOP);
  out.newErrors = keys.filter((k) => k.type === "new").map(({ key, count }) => ({ key, count }));
  return out;
}
