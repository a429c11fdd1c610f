import "server-only";
import { phoneKey } from "@/lib/smpp/codec/phone";
import { prepared, type PgClient } from "@/lib/postgres/pool";
import { pgText, pgTime } from "@/lib/postgres/text";
import { nodeAliveSql } from "@/lib/cluster/membership";
import type { RatePoint } from "./rate-samples";
import { count, type ClaimedRecipient, type Counters, type PartOutcome, type RecipientOutcome } from "./journal-outcomes";

/** The send journal on PostgreSQL: send-journal.ts's steps on node-postgres, each one multi-row statement over unnest arrays. */

/**
 * Claims up to `limit` pending recipients with an id above `after`. SKIP LOCKED: dispatchers on several nodes claim
 * disjoint batches of one delivery without waiting on each other. The lower bound matters on PostgreSQL: every claim
 * leaves the claimed rows' old "pending" index entries behind until vacuum, and a scan from the delivery's first id
 * walks all of them — measured 237 µs of database CPU per MT over a 200,000-recipient delivery, 25 µs with it.
 */
async function claimRowsPg(
  c: PgClient,
  deliveryId: string,
  limit: number,
  owner: string | null,
  after: number,
): Promise<ClaimedRecipient[]> {
  return (
    await c.query<ClaimedRecipient>(
      prepared(`UPDATE "Recipient" SET state = 'wire', "updatedAt" = now() AT TIME ZONE 'UTC', "claimedBy" = $3
       WHERE id IN (SELECT id FROM "Recipient" WHERE "deliveryId" = $1 AND state = 'pending' AND id > $4
                    ORDER BY id LIMIT $2 FOR UPDATE SKIP LOCKED)
       RETURNING id, number, "possiblyDuplicated", fields, retries`)([deliveryId, limit, owner, after]),
    )
  ).rows;
}

export async function claimPg(
  c: PgClient,
  deliveryId: string,
  limit: number,
  shortCode: string,
  owner: string | null,
  after: number,
): Promise<{ claimed: ClaimedRecipient[]; lastId: number }> {
  // Past the last id claimed first; from the start only when that runs short (released, resumed or retried recipients).
  let rows = await claimRowsPg(c, deliveryId, limit, owner, after);
  if (rows.length < limit && after > 0) rows = rows.concat(await claimRowsPg(c, deliveryId, limit - rows.length, owner, 0));
  rows.sort((a, b) => a.id - b.id);
  const lastId = rows.length > 0 ? rows[rows.length - 1].id : 0;
  let claimed: ClaimedRecipient[] = rows;
  if (claimed.length === 0) return { claimed, lastId };
  const found = (
    await c.query<{ number: string; reason: string }>(
      prepared(`SELECT number, reason FROM "Quarantine" WHERE "shortCode" IN ('', $1) AND number = ANY($2::text[])`)([
        shortCode,
        claimed.map((r) => phoneKey(r.number)),
      ]),
    )
  ).rows;
  if (found.length === 0) return { claimed, lastId };
  const why = new Map(found.map((q) => [q.number, q.reason]));
  const skip: { id: number; reason: string }[] = [];
  claimed = claimed.filter((r) => {
    const reason = why.get(phoneKey(r.number));
    if (reason === undefined) return true;
    skip.push({ id: r.id, reason: pgText(`Quarantined${reason ? `: ${reason}` : ""}`) });
    return false;
  });
  await c.query(
    `UPDATE "Recipient" r SET state = 'skipped', reason = v.reason, "updatedAt" = now() AT TIME ZONE 'UTC'
     FROM unnest($1::int[], $2::text[]) AS v(id, reason) WHERE r.id = v.id AND r.id = ANY($1::int[]) AND r.state = 'wire'`,
    [skip.map((x) => x.id), skip.map((x) => x.reason)],
  );
  await c.query(
    `UPDATE "Delivery" SET skipped = skipped + $1, processed = processed + $1, quarantined = quarantined + $1 WHERE id = $2`,
    [skip.length, deliveryId],
  );
  return { claimed, lastId };
}

/** Outcomes per UPDATE: a flush after a slow spell can hold 100,000; one statement stays a bounded piece of work. */
const PG_OUTCOMES_PER_STATEMENT = 2000;

/**
 * The outcomes' UPDATE: $1 ids, then state, messageId, reason, errorCode, dup, retryAt, retries (arrays); only
 * recipients still "wire" move.
 */
export const PG_FINISH_RECIPIENTS = `UPDATE "Recipient" r SET state = v.state, "messageId" = v."messageId", reason = v.reason, "errorCode" = v."errorCode",
     "possiblyDuplicated" = r."possiblyDuplicated" OR v.dup, "retryAt" = COALESCE(v."retryAt", r."retryAt"),
     retries = r.retries + v.retries, "updatedAt" = now() AT TIME ZONE 'UTC'
   FROM unnest($1::int[], $2::text[], $3::text[], $4::text[], $5::text[], $6::boolean[], $7::timestamp[], $8::int[])
     AS v(id, state, "messageId", reason, "errorCode", dup, "retryAt", retries)
   WHERE r.id = v.id AND r.id = ANY($1::int[]) AND r.state = 'wire'
   RETURNING r.id`;

/** What flushPg's transaction runs first (see there): joins to the given arrays by hash, never by nested loop. */
export const PG_HASH_JOINS = "SET LOCAL enable_nestloop = off";

export async function flushPg(
  c: PgClient,
  batch: readonly RecipientOutcome[],
  dirty: [string, { points: RatePoint[]; dirty: boolean }][],
  messageIds: Map<string, string[]>,
): Promise<void> {
  const counters = new Map<string, Counters>();
  if (batch.length > 0) {
    // Only recipients still "wire" move: one answered by another dispatcher counts once. `r.id = ANY(ids)` beside the
    // join keeps the plan on the primary key: the statistics lag behind the states (claims move thousands a second),
    // and with "state = 'wire'" estimated at one row the planner chose a sequential scan joined to the array —
    // 560 µs per MT for batches of 1,000 instead of 25. With that same estimate (statistics taken while few recipients
    // were on the wire, as autovacuum may) it also chose a nested loop that scans the array once per recipient,
    // 2,000 × 2,000 per statement: measured 1,900 MT/s instead of 22,000 with the table analysed right after an
    // import. Nothing in this transaction needs a nested loop (its joins are to the arrays given): a hash join is
    // linear whatever the estimates say.
    await c.query(PG_HASH_JOINS);
    const changed = new Set<number>();
    for (let from = 0; from < batch.length; from += PG_OUTCOMES_PER_STATEMENT) {
      const chunk = batch.slice(from, from + PG_OUTCOMES_PER_STATEMENT);
      const col = <T>(f: (o: RecipientOutcome) => T) => chunk.map(f);
      const rows = (
        await c.query<{ id: number }>(
          prepared(PG_FINISH_RECIPIENTS)([
            col((o) => o.recipientId),
            col((o) => o.state),
            col((o) => o.messageId && pgText(o.messageId)),
            col((o) => o.reason && pgText(o.reason)),
            col((o) => o.errorCode && pgText(o.errorCode)),
            col((o) => o.newlyPossiblyDuplicated),
            col((o) => (o.retryAt ? pgTime(o.retryAt) : null)),
            col((o) => o.retries ?? 0),
          ]),
        )
      ).rows;
      for (const r of rows) changed.add(r.id);
    }
    const parts: { accountId: string; recipientId: number; p: PartOutcome }[] = [];
    for (const o of batch) {
      let ids = messageIds.get(o.accountId);
      if (!ids) messageIds.set(o.accountId, (ids = []));
      if (!changed.has(o.recipientId)) continue;
      for (const p of o.parts) {
        parts.push({ accountId: o.accountId, recipientId: o.recipientId, p });
        if (p.messageId) ids.push(p.messageId);
      }
      count(counters, o);
    }
    if (parts.length > 0)
      await c.query(
        prepared(`INSERT INTO "MessagePart" ("accountId", "recipientId", "messageId", state, status, "errorCode", "createdAt")
         SELECT v."accountId", v."recipientId", v."messageId", v.state, v.status, v."errorCode", now() AT TIME ZONE 'UTC'
         FROM unnest($1::text[], $2::int[], $3::text[], $4::text[], $5::text[], $6::text[]) AS v("accountId", "recipientId", "messageId", state, status, "errorCode")`)(
          [
            parts.map((x) => x.accountId),
            parts.map((x) => x.recipientId),
            parts.map((x) => x.p.messageId && pgText(x.p.messageId)),
            parts.map((x) => x.p.state),
            parts.map((x) => x.p.status && pgText(x.p.status)),
            parts.map((x) => x.p.errorCode && pgText(x.p.errorCode)),
          ],
        ),
      );
  }
  for (const [id, k] of counters)
    await c.query(
      prepared(`UPDATE "Delivery" SET sent = sent + $1, failed = failed + $2, "bouncesAndErrors" = "bouncesAndErrors" + $2,
         skipped = skipped + $3, processed = processed + $4, "possiblyDuplicated" = "possiblyDuplicated" + $5,
         retried = retried + $6 WHERE id = $7`)([
        k.sent,
        k.failed,
        k.skipped,
        k.sent + k.failed + k.skipped,
        k.possiblyDuplicated,
        k.retried,
        id,
      ]),
    );
  for (const [id, s] of dirty) {
    await c.query(prepared(`UPDATE "Delivery" SET "rateSamples" = $1 WHERE id = $2`)([JSON.stringify(s.points), id]));
    s.dirty = false;
  }
}

/** Claims of a connector that is gone: an owner (not this node) holding no node lock; at start also claims without owner. */
const deadClaim = (ownerless: boolean) =>
  `(${ownerless ? `"claimedBy" IS NULL OR ` : ""}("claimedBy" IS NOT NULL AND "claimedBy" IS DISTINCT FROM $2 AND NOT ${nodeAliveSql(`"claimedBy"`)}))`;

export async function resumePg(c: PgClient, deliveryId: string, owner: string | null, ownerless: boolean): Promise<number> {
  const fresh =
    (
      await c.query(
        `UPDATE "Recipient" SET state = 'pending', "possiblyDuplicated" = true, "updatedAt" = now() AT TIME ZONE 'UTC'
         WHERE state = 'wire' AND "possiblyDuplicated" = false AND "deliveryId" = $1 AND ${deadClaim(ownerless)}`,
        [deliveryId, owner],
      )
    ).rowCount ?? 0;
  await c.query(
    `UPDATE "Recipient" SET state = 'pending', "updatedAt" = now() AT TIME ZONE 'UTC'
     WHERE state = 'wire' AND "deliveryId" = $1 AND ${deadClaim(ownerless)}`,
    [deliveryId, owner],
  );
  if (fresh > 0)
    await c.query(`UPDATE "Delivery" SET "possiblyDuplicated" = "possiblyDuplicated" + $1 WHERE id = $2`, [fresh, deliveryId]);
  return fresh;
}
