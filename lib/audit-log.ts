import "server-only";
import { db } from "./db";
import type { Prisma } from "./generated/prisma/client";

/** One audit entry as the pages show it; `changes` is the JSON its writer stored (accounts and users each have theirs). */
export interface AuditEntryView<Changes> {
  id: string;
  actor: string;
  action: string;
  changes: Changes;
  createdAt: Date;
}

/** The newest audit entries matching `where`, newest first, with their changes parsed. */
export async function readAuditEntries<Changes>(
  where: Prisma.AuditEntryWhereInput,
  limit: number,
): Promise<AuditEntryView<Changes>[]> {
  const rows = await db.auditEntry.findMany({ where, orderBy: { createdAt: "desc" }, take: limit });
  return rows.map((r) => ({
    id: r.id,
    actor: r.actor,
    action: r.action,
    createdAt: r.createdAt,
    changes: JSON.parse(r.changes) as Changes,
  }));
}
