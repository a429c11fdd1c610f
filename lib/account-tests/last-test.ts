import "server-only";
/**
 * Each Test connection of a saved account is written to its audit log ("test-connection", result ok or the failure),
 * so that enabling an account whose last test failed can ask the admin first, and so that the log shows who tested.
 */
import { db } from "@/lib/db";
import type { TestConnectionAnswer } from "./answers";

export const TEST_CONNECTION_ACTION = "test-connection";

export interface LastTest {
  ok: boolean;
  at: Date;
  /** "ok", or what failed ("bind: ESME_RBINDFAIL …"). */
  result: string;
}

export async function recordTestConnection(accountId: string, actor: string, answer: TestConnectionAnswer): Promise<void> {
  const result = answer.ok ? "ok" : `failed at ${answer.error?.step ?? "?"}: ${answer.error?.message ?? "no answer"}`;
  await db.auditEntry.create({
    data: {
      accountId,
      actor,
      action: TEST_CONNECTION_ACTION,
      changes: JSON.stringify([{ path: "result", from: null, to: result }]),
    },
  });
}

/** The last Test connection of each account asked for (accounts never tested are absent); one indexed read each. */
export async function lastTests(accountIds: readonly string[]): Promise<Map<string, LastTest>> {
  const rows = await Promise.all(
    accountIds.map((accountId) =>
      db.auditEntry.findFirst({
        where: { accountId, action: TEST_CONNECTION_ACTION },
        orderBy: { createdAt: "desc" },
        select: { accountId: true, createdAt: true, changes: true },
      }),
    ),
  );
  const out = new Map<string, LastTest>();
  for (const r of rows) {
    if (!r?.accountId) continue;
    const result = String((JSON.parse(r.changes) as { to?: unknown }[])[0]?.to ?? "");
    out.set(r.accountId, { ok: result === "ok", at: r.createdAt, result });
  }
  return out;
}

/** The client-safe view the enable button needs. */
export function lastTestView(t: LastTest | undefined): { ok: boolean; result: string } | null {
  return t ? { ok: t.ok, result: t.result } : null;
}
