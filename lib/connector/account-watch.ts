import "server-only";
import { emitAccountChangedHere } from "../accounts/events";
import { watchChange } from "../changes/counter";
import { db } from "../db";

type Snapshot = Map<string, string>;

async function snapshot(): Promise<Snapshot> {
  const rows = await db.routingAccount.findMany({ select: { id: true, updatedAt: true, enabled: true } });
  return new Map(rows.map((r) => [r.id, `${r.updatedAt.getTime()}:${r.enabled}`]));
}

/**
 * In the connector process: accounts created, saved, enabled/disabled or deleted by a web process reach the connector
 * and the dispatcher here. The web bumps the "accounts" change counter; on each move this compares every account's
 * updatedAt and enabled flag with the last look and announces the ones that differ (or went) in this process, as a
 * save in this process would. Takes its first look before returning, so call it before the connector lists accounts.
 */
export async function watchAccountChanges(
  opts: { pollMs?: number; log?: (message: string) => void } = {},
): Promise<() => Promise<void>> {
  let last = await snapshot();
  return watchChange(
    "accounts",
    async () => {
      const now = await snapshot();
      for (const [id, v] of now) if (last.get(id) !== v) emitAccountChangedHere(id);
      for (const id of last.keys()) if (!now.has(id)) emitAccountChangedHere(id);
      last = now;
    },
    opts,
  );
}
