import "server-only";
import { containsText, db } from "../db";
import { phoneKey } from "@/lib/smpp/codec/phone";
import type { PgClient } from "../postgres/pool";
import type { SqliteWriter } from "../storage/sqlite-writer";

/**
 * The SMS denylist. Numbers are kept in one normal form (phoneKey: digits only, no 00 prefix), so `+3361…`,
 * `3361…` and `003361…` are the same entry. An entry's shortCode scopes it ("" = all short codes).
 */
export type QuarantineEntry = { id: number; number: string; shortCode: string; reason: string; createdAt: Date };

export async function listQuarantine(opts: { q?: string; cursor?: number; limit?: number } = {}) {
  const limit = Math.min(Math.max(opts.limit ?? 50, 1), 500);
  const q = opts.q ? phoneKey(opts.q) || opts.q.trim() : "";
  const rows = await db.quarantine.findMany({
    where: {
      ...(q
        ? { OR: [{ number: containsText(q) }, { shortCode: containsText(q) }, { reason: containsText(opts.q!.trim()) }] }
        : {}),
      ...(opts.cursor ? { id: { lt: opts.cursor } } : {}),
    },
    orderBy: { id: "desc" },
    take: limit + 1,
  });
  const items = rows.slice(0, limit);
  return { items, nextCursor: rows.length > limit ? String(items[items.length - 1].id) : null };
}

/** Adds (or refreshes the reason of) an entry; returns it. */
export async function addToQuarantine(number: string, shortCode = "", reason = ""): Promise<QuarantineEntry> {
  const key = phoneKey(number);
  return db.quarantine.upsert({
    where: { number_shortCode: { number: key, shortCode } },
    create: { number: key, shortCode, reason },
    update: { reason },
  });
}

/** Removes the entry for `shortCode`, or every entry of the number when shortCode is undefined; returns the count. */
export async function removeFromQuarantine(number: string, shortCode?: string): Promise<number> {
  const key = phoneKey(number);
  const r = await db.quarantine.deleteMany({ where: shortCode === undefined ? { number: key } : { number: key, shortCode } });
  return r.count;
}

/** True when sends to `number` through `shortCode` must be skipped (an entry for that code or for all codes). */
export async function isQuarantined(number: string, shortCode = ""): Promise<boolean> {
  const key = phoneKey(number);
  const hit = await db.quarantine.findFirst({
    where: { number: key, shortCode: { in: shortCode ? ["", shortCode] : [""] } },
    select: { id: true },
  });
  return hit !== null;
}

/**
 * The automatic-reply actions, inside the connector's MO transaction (same commit as the inSMS row).
 * quarantine: entry (number, rule's short code); unquarantine: that entry, or every entry of the number when the
 * rule has no short code. Runs per MO (a STOP campaign answers thousands), so it takes the writer's cached
 * statements rather than compiling its SQL again each time.
 */
const ACTION_SQL = {
  add: `INSERT INTO Quarantine (number, shortCode, reason, createdAt) VALUES (?, ?, ?, ?) ON CONFLICT(number, shortCode) DO NOTHING`,
  removeOne: `DELETE FROM Quarantine WHERE number = ? AND shortCode = ?`,
  removeAll: `DELETE FROM Quarantine WHERE number = ?`,
};

export function applyQuarantineAction(
  prepare: SqliteWriter["prepare"],
  action: "quarantine" | "unquarantine",
  number: string,
  shortCode: string,
  reason: string,
  now: string,
): void {
  const key = phoneKey(number);
  if (!key) return;
  if (action === "quarantine") prepare(ACTION_SQL.add).run(key, shortCode, reason, now);
  else if (shortCode) prepare(ACTION_SQL.removeOne).run(key, shortCode);
  else prepare(ACTION_SQL.removeAll).run(key);
}

/** PostgreSQL: the same actions, inside the caller's transaction. */
export async function applyQuarantineActionPg(
  c: PgClient,
  action: "quarantine" | "unquarantine",
  number: string,
  shortCode: string,
  reason: string,
): Promise<void> {
  const key = phoneKey(number);
  if (!key) return;
  if (action === "quarantine")
    await c.query(
      `INSERT INTO "Quarantine" ("number", "shortCode", "reason", "createdAt") VALUES ($1, $2, $3, now() AT TIME ZONE 'UTC')
       ON CONFLICT ("number", "shortCode") DO NOTHING`,
      [key, shortCode, reason],
    );
  else if (shortCode) await c.query(`DELETE FROM "Quarantine" WHERE "number" = $1 AND "shortCode" = $2`, [key, shortCode]);
  else await c.query(`DELETE FROM "Quarantine" WHERE "number" = $1`, [key]);
}
