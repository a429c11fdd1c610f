import "server-only";
import type { SrErrorQualifier } from "@/lib/accounts/error-table";
import { phoneKey } from "@/lib/smpp/codec/phone";
import { prepared, type PgClient } from "../postgres/pool";
import type { PgWriter } from "../postgres/writer";
import { pgText, pgTime } from "../postgres/text";
import { partOfCurrentTry, scheduleSoftRetryPg } from "./soft-retry";
import { countKpi, pendingSr, type KpiDelta, type PendingRow, type SrStored, type SrToStore } from "./sr-batch";

/**
 * Status reports on PostgreSQL: status-reports.ts's rules in a fixed number of statements per batch. Each
 * UPDATE joined to unnest arrays also says `id = ANY(ids)`, so that its plan stays on the primary key whatever the
 * (lagging) statistics say of the state columns (see flushPg in send-journal-pg.ts). The newest part of each id is
 * read first, the batch is applied to that snapshot in order (so a repeated SR in one batch settles once), then
 * parts, recipients, quarantine and KPIs are written with conditional multi-row UPDATEs: a part or recipient that
 * another node settled meanwhile is not counted twice. A batch of delivered SRs only goes as one statement.
 *
 * Over 300 lines on purpose: the one batch's read, plan and writes (and their one-statement form) stay together.
 */

type PgPart = { id: number; state: string; recipientId: number | null };
type PgSr = Pick<SrToStore, "accountId" | "messageId" | "status" | "errorCode" | "verdict" | "realtimeKpi" | "qualify">;

const PG_FINAL_PARTS = ["delivered", "failed"];

/**
 * Returns whether each SR found its part, and the KPI deltas for the caller to write (flushKpisPg) as its
 * transaction's last statement: every SR batch of a delivery updates its one Delivery row, so the later that lock is
 * taken the less the nodes of a cluster (each committing its own SR batches) wait on each other.
 */
type PgSettle = {
  id: number;
  recipientId: number | null;
  state: string;
  status: string | null;
  errorCode: string | null;
  sr: PgSr;
};

/** The newest part of each SR's id (a plain read: every write after it says which state it expects). */
async function readPartsPg(q: Pick<PgClient, "query">, srs: readonly PgSr[]): Promise<Map<string, PgPart>> {
  const keyed = srs.filter((s) => s.messageId);
  const parts = new Map<string, PgPart>();
  if (keyed.length === 0) return parts;
  const found = await q.query<PgPart & { accountId: string; messageId: string }>(
    prepared(`SELECT DISTINCT ON (p."accountId", p."messageId") p."accountId", p."messageId", p.id, p.state, p."recipientId"
     FROM "MessagePart" p
     WHERE (p."accountId", p."messageId") IN (SELECT * FROM unnest($1::text[], $2::text[]))
     ORDER BY p."accountId", p."messageId", p.id DESC`)([keyed.map((s) => s.accountId), keyed.map((s) => s.messageId)]),
  );
  for (const p of found.rows) parts.set(`${p.accountId}\u0000${p.messageId}`, p);
  return parts;
}

/** The batch applied in order to the parts read: whether each SR matched, and the parts it settles (once each). */
function planSettlePg(srs: readonly PgSr[], parts: Map<string, PgPart>): { matched: boolean[]; settle: PgSettle[] } {
  const matched: boolean[] = [];
  const settle: PgSettle[] = [];
  for (const sr of srs) {
    const part = sr.messageId ? parts.get(`${sr.accountId}\u0000${sr.messageId}`) : undefined;
    matched.push(part !== undefined);
    if (!part || sr.verdict === "intermediate" || PG_FINAL_PARTS.includes(part.state)) continue;
    part.state = sr.verdict === "delivered" ? "delivered" : "failed";
    settle.push({
      id: part.id,
      recipientId: part.recipientId,
      state: part.state,
      status: sr.status,
      errorCode: sr.errorCode,
      sr,
    });
  }
  return { matched, settle };
}

/** A failed SR's reason on its recipient: the error table's, else the SR's own status and error. */
function failureReason(sr: PgSr, outcome: { reason: string } | undefined): string {
  return outcome?.reason ?? `SR ${sr.status ?? "?"}${sr.errorCode ? ` err:${sr.errorCode}` : ""}`;
}

async function applyBatchPg(c: PgClient, srs: readonly PgSr[]): Promise<{ matched: boolean[]; kpis: KpiDelta }> {
  const { matched, settle } = planSettlePg(srs, await readPartsPg(c, srs));
  if (settle.length === 0) return { matched, kpis: new Map() };
  const settled = await c.query<{ id: number; recipientId: number | null }>(
    prepared(`UPDATE "MessagePart" p SET state = v.state, status = v.status, "errorCode" = v."errorCode"
     FROM unnest($1::int[], $2::text[], $3::text[], $4::text[]) AS v(id, state, status, "errorCode")
     WHERE p.id = v.id AND p.id = ANY($1::int[]) AND p.state NOT IN ('delivered', 'failed')
     RETURNING p.id, p."recipientId"`)([
      settle.map((s) => s.id),
      settle.map((s) => s.state),
      settle.map((s) => s.status),
      settle.map((s) => s.errorCode),
    ]),
  );
  const recipientOf = new Map(settled.rows.map((r) => [r.id, r.recipientId]));
  type RecipientMove = {
    id: number;
    partId: number;
    accountId: string;
    state: string;
    errorCode: string | null;
    reason: string | null;
    quarantine: boolean;
    realtime: boolean;
  };
  // One move per recipient, as the SQLite path applies the batch in order: its first failed part, else a delivered one.
  const recipients = new Map<number, RecipientMove>();
  const kpis: KpiDelta = new Map();
  for (const s of settle) {
    const recipientId = recipientOf.get(s.id);
    if (recipientId == null) continue;
    const earlier = recipients.get(recipientId);
    if (earlier?.state === "failed" || (earlier && s.state === "delivered")) continue;
    const outcome = s.state === "failed" ? s.sr.qualify?.(s.sr.status, s.sr.errorCode) : undefined;
    // A soft error within the delivery's retry policy sends the message again (lib/deliveries/soft-retry.ts).
    const part = { recipientId, partId: s.id, accountId: s.sr.accountId };
    const retry = outcome ? await scheduleSoftRetryPg(c, part, outcome, s.sr.errorCode) : null;
    if (retry) {
      if (retry.from === "delivered") countKpi(kpis, retry.deliveryId, s.sr.realtimeKpi, -1, 0);
      recipients.delete(recipientId);
      continue;
    }
    const reason = s.state !== "failed" ? null : failureReason(s.sr, outcome);
    recipients.set(recipientId, {
      ...part,
      id: recipientId,
      state: s.state,
      errorCode: s.errorCode,
      reason,
      quarantine: !!outcome?.quarantine,
      realtime: s.sr.realtimeKpi,
    });
  }
  if (recipients.size === 0) return { matched, kpis };
  const moves = [...recipients.values()];
  const updated = await c.query<{ id: number; deliveryId: string; number: string }>(
    prepared(`UPDATE "Recipient" r SET state = v.state, "errorCode" = v."errorCode", reason = v.reason, "updatedAt" = now() AT TIME ZONE 'UTC'
     FROM unnest($1::int[], $2::text[], $3::text[], $4::text[]) AS v(id, state, "errorCode", reason)
     WHERE r.id = v.id AND r.id = ANY($1::int[]) AND r.state = 'sent'
     RETURNING r.id, r."deliveryId", r.number`)([
      moves.map((r) => r.id),
      moves.map((r) => r.state),
      moves.map((r) => r.errorCode),
      moves.map((r) => r.reason && pgText(r.reason)),
    ]),
  );
  // A part failed after another was delivered: the message was not (a late SR of an earlier try changes nothing).
  const moved = new Set(updated.rows.map((r) => r.id));
  const failing = moves.filter((r) => r.state === "failed" && !moved.has(r.id));
  const undelivered =
    failing.length === 0
      ? []
      : (
          await c.query<{ id: number; deliveryId: string; number: string }>(
            prepared(`UPDATE "Recipient" r SET state = 'failed', "errorCode" = v."errorCode", reason = v.reason, "updatedAt" = now() AT TIME ZONE 'UTC'
         FROM unnest($1::int[], $2::text[], $3::text[], $4::int[], $5::text[]) AS v(id, "errorCode", reason, "partId", "accountId")
         WHERE r.id = v.id AND r.id = ANY($1::int[]) AND r.state = 'delivered' AND ${partOfCurrentTry("r", 'v."accountId"', 'v."partId"')}
         RETURNING r.id, r."deliveryId", r.number`)([
              failing.map((r) => r.id),
              failing.map((r) => r.errorCode),
              failing.map((r) => r.reason && pgText(r.reason)),
              failing.map((r) => r.partId),
              failing.map((r) => r.accountId),
            ]),
          )
        ).rows;
  const wasDelivered = new Set(undelivered.map((r) => r.id));
  const quarantine = new Map<string, string>();
  for (const row of [...updated.rows, ...undelivered]) {
    const r = recipients.get(row.id)!;
    if (r.quarantine && phoneKey(row.number)) quarantine.set(phoneKey(row.number), r.reason ?? "");
    if (r.state === "delivered") countKpi(kpis, row.deliveryId, r.realtime, 1, 0);
    else countKpi(kpis, row.deliveryId, r.realtime, wasDelivered.has(row.id) ? -1 : 0, 1);
  }
  if (quarantine.size > 0)
    await c.query(
      `INSERT INTO "Quarantine" ("number", "shortCode", "reason", "createdAt")
       SELECT q.number, '', q.reason, now() AT TIME ZONE 'UTC' FROM unnest($1::text[], $2::text[]) AS q(number, reason)
       ON CONFLICT ("number", "shortCode") DO UPDATE SET reason = excluded.reason`,
      [[...quarantine.keys()], [...quarantine.values()].map((v) => pgText(v))],
    );
  return { matched, kpis };
}

const PG_RECOUNT = `UPDATE "Delivery" d SET
    delivered = (SELECT COUNT(*) FROM "Recipient" r WHERE r."deliveryId" = d.id AND r.state = 'delivered'),
    "bouncesAndErrors" = (SELECT COUNT(*) FROM "Recipient" r WHERE r."deliveryId" = d.id AND r.state = 'failed')
  WHERE d.id = $1`;

/**
 * Off real-time KPIs the delivery is recounted when it ends (the dispatcher, a cancel), and the SRs that come after
 * add to its counters. On PostgreSQL the two can run at once: an SR batch whose recipients the recount's snapshot
 * missed (not committed yet) must add them, one the recount saw must not. Both take this per-delivery lock before
 * their statement on the Delivery row: the SR batch's addition (a new snapshot) then sees the delivery ended only if
 * the recount has committed without its recipients, and the recount after an SR batch's commit sees them.
 */
const KPI_LOCK = `SELECT pg_advisory_xact_lock(hashtext('kpi:' || $1))`;

async function flushKpisPg(c: PgClient, kpis: KpiDelta): Promise<void> {
  // In id order: SR batches of several nodes lock the Delivery rows in one order, without deadlocking.
  for (const [deliveryId, k] of [...kpis].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (k.realtime)
      await c.query(
        prepared(`UPDATE "Delivery" SET delivered = delivered + $1, "bouncesAndErrors" = "bouncesAndErrors" + $2 WHERE id = $3`)([
          k.delivered,
          k.bounced,
          deliveryId,
        ]),
      );
    else {
      await c.query(KPI_LOCK, [deliveryId]);
      await c.query(
        prepared(`UPDATE "Delivery" SET delivered = delivered + $1, "bouncesAndErrors" = "bouncesAndErrors" + $2
                  WHERE id = $3 AND status IN ('finished', 'cancelled', 'failed')`)([k.delivered, k.bounced, deliveryId]),
      );
    }
  }
}

export async function storeSrBatchPg(writer: PgWriter, items: readonly SrToStore[]): Promise<SrStored[]> {
  const stored = (await storeDeliveredSrBatchPg(writer, items)) ?? (await insertSrBatchPg(writer, items));
  // Unlike SQLite's single writer, a send-journal commit can run beside this transaction: a part inserted after our
  // read and committed before our commit is seen by neither side's matching. Once committed, the SRs left unmatched
  // are tried again by id: the journal's own check (after its commit) or this one then sees the other's rows.
  const retry = stored.map((r, i) => ({ r, sr: items[i] })).filter((x) => !x.r.matched && x.sr.messageId);
  if (retry.length > 0) {
    const again = await writer.write(async (c) => {
      const { matched, kpis } = await applyBatchPg(
        c,
        retry.map((x) => x.sr),
      );
      const ids = retry.filter((_, i) => matched[i]).map((x) => x.r.id);
      if (ids.length > 0) await c.query(`UPDATE "StatusReport" SET matched = true WHERE id = ANY($1::int[])`, [ids]);
      await flushKpisPg(c, kpis);
      return new Set(ids);
    });
    for (const x of retry)
      if (again.has(x.r.id)) {
        x.r.matched = true;
        delete x.r.refuse;
      }
  }
  return stored;
}

/**
 * "Invalid ID acknowledge count" (lib/receipts/invalid-id-ack.ts) on PostgreSQL: an unmatched receipt seen before keeps
 * its row, counted once more while under the account's count; a new one is stored with its first refusal.
 */
async function countRefusalsPg(c: PgClient, items: readonly SrToStore[], matched: boolean[]): Promise<(SrStored | null)[]> {
  const out: (SrStored | null)[] = [];
  for (const [i, sr] of items.entries()) {
    if (matched[i] || !sr.invalidIdAckCount) {
      out.push(null);
      continue;
    }
    const row = (
      await c.query<{ id: number; refusals: number }>(
        `SELECT id, refusals FROM "StatusReport" WHERE "accountId" = $1 AND "messageId" = $2 AND raw = $3 AND matched = false
         ORDER BY id DESC LIMIT 1 FOR UPDATE`,
        [sr.accountId, pgText(sr.messageId ?? ""), pgText(sr.raw)],
      )
    ).rows[0];
    if (!row) {
      out.push(null);
      continue;
    }
    const refuse = row.refusals < sr.invalidIdAckCount;
    if (refuse) await c.query(`UPDATE "StatusReport" SET refusals = refusals + 1 WHERE id = $1`, [row.id]);
    out.push({ id: row.id, matched: false, refuse });
  }
  return out;
}

/** The batch's StatusReport rows in one INSERT, its ten arrays at $first…; ids come back in row order. */
function insertSrPgSql(first: number): string {
  const a = Array.from({ length: 10 }, (_, i) => `$${first + i}`);
  return `INSERT INTO "StatusReport" ("accountId", "messageId", status, "errorCode", verdict, raw, matched, "createdAt",
       "bindRole", "bindIndex", "bindNodeId")
     SELECT s."accountId", s."messageId", s.status, s."errorCode", s.verdict, s.raw, s.matched, now() AT TIME ZONE 'UTC',
       s."bindRole", s."bindIndex", s."bindNodeId"
     FROM unnest(${a[0]}::text[], ${a[1]}::text[], ${a[2]}::text[], ${a[3]}::text[], ${a[4]}::text[], ${a[5]}::text[],
                 ${a[6]}::boolean[], ${a[7]}::text[], ${a[8]}::int[], ${a[9]}::text[])
       WITH ORDINALITY AS s("accountId", "messageId", status, "errorCode", verdict, raw, matched,
                            "bindRole", "bindIndex", "bindNodeId", ord)
     ORDER BY s.ord RETURNING id`;
}

const INSERT_SR_PG = insertSrPgSql(1);

function insertSrParams(items: readonly SrToStore[], matched: readonly boolean[]): unknown[] {
  const col = <T>(f: (s: SrToStore, i: number) => T) => items.map(f);
  return [
    col((s) => s.accountId),
    col((s) => pgText(s.messageId ?? "")),
    col((s) => pgText(s.status ?? "")),
    col((s) => pgText(s.errorCode ?? "")),
    col((s) => s.verdict),
    col((s) => pgText(s.raw)),
    col((_, i) => matched[i]),
    col((s) => s.bind?.role ?? null),
    col((s) => s.bind?.connectionIndex ?? null),
    col((s) => s.bind?.nodeId ?? null),
  ];
}

/**
 * The common batch as one autocommit statement after one read: parts, recipients, the deliveries' real-time KPIs and
 * the StatusReport rows written by CTEs (each sees what the one before RETURNs), two round trips instead of seven
 * (BEGIN, read, parts, recipients, reports, KPIs, COMMIT), each of which costs the connector and the server more CPU
 * than the rows themselves. Only for a batch whose every settling SR says delivered, under applyBatchPg's rules for
 * it: a part moves its recipient only while "sent", once per recipient. Null for any other batch (a failed SR: its
 * retry, quarantine or undelivered message; KPIs not real-time; an unmatched SR under "Invalid ID acknowledge
 * count"), which takes the transaction path (insertSrBatchPg).
 */
const STORE_DELIVERED_SR_BATCH = `WITH parts AS (
    UPDATE "MessagePart" p SET state = 'delivered', status = v.status, "errorCode" = v."errorCode"
    FROM unnest($1::int[], $2::text[], $3::text[]) AS v(id, status, "errorCode")
    WHERE p.id = v.id AND p.id = ANY($1::int[]) AND p.state NOT IN ('delivered', 'failed')
    RETURNING p."recipientId", v."errorCode"),
  rec AS (
    UPDATE "Recipient" r SET state = 'delivered', "errorCode" = m."errorCode", reason = NULL, "updatedAt" = now() AT TIME ZONE 'UTC'
    FROM (SELECT DISTINCT ON ("recipientId") "recipientId", "errorCode" FROM parts WHERE "recipientId" IS NOT NULL
          ORDER BY "recipientId") m
    WHERE r.id = m."recipientId" AND r.id = ANY($4::int[]) AND r.state = 'sent'
    RETURNING r."deliveryId"),
  kpi AS (
    UPDATE "Delivery" d SET delivered = d.delivered + k.n
    FROM (SELECT "deliveryId", count(*) AS n FROM rec GROUP BY "deliveryId") k
    WHERE d.id = k."deliveryId"),
  ins AS (${insertSrPgSql(5)})
  SELECT id FROM ins`;

async function storeDeliveredSrBatchPg(writer: PgWriter, items: readonly SrToStore[]): Promise<SrStored[] | null> {
  // Decided from the SRs before any read where it can be, so that a batch with a failed SR reads its parts once.
  if (items.some((sr) => !sr.realtimeKpi || sr.verdict === "error")) return null;
  const { matched, settle } = planSettlePg(items, await readPartsPg(writer.pool, items));
  if (items.some((sr, i) => !matched[i] && sr.invalidIdAckCount)) return null;
  const { rows } = await writer.pool.query<{ id: number }>(
    prepared(STORE_DELIVERED_SR_BATCH)([
      settle.map((s) => s.id),
      settle.map((s) => s.status && pgText(s.status)),
      settle.map((s) => s.errorCode && pgText(s.errorCode)),
      settle.flatMap((s) => (s.recipientId === null ? [] : [s.recipientId])),
      ...insertSrParams(items, matched),
    ]),
  );
  const ids = rows.map((r) => r.id).sort((a, b) => a - b);
  return items.map((_, i) => ({ id: ids[i], matched: matched[i] }));
}

async function insertSrBatchPg(writer: PgWriter, all: readonly SrToStore[]): Promise<SrStored[]> {
  return writer.write(async (c) => {
    const { matched: allMatched, kpis } = await applyBatchPg(c, all);
    const seen = await countRefusalsPg(c, all, allMatched);
    const fresh = all.map((_, i) => i).filter((i) => seen[i] === null);
    const items = fresh.map((i) => all[i]);
    const matched = fresh.map((i) => allMatched[i]);
    const ids = (await c.query<{ id: number }>(prepared(INSERT_SR_PG)(insertSrParams(items, matched)))).rows
      .map((r) => r.id)
      .sort((a, b) => a - b);
    const refused = items.map((sr, i) => !matched[i] && !!sr.invalidIdAckCount);
    const first = ids.filter((_, i) => refused[i]);
    if (first.length > 0) await c.query(`UPDATE "StatusReport" SET refusals = 1 WHERE id = ANY($1::int[])`, [first]);
    const stored = new Map(
      fresh.map((at, i) => [at, { id: ids[i], matched: matched[i], ...(refused[i] ? { refuse: true } : {}) }]),
    );
    await flushKpisPg(c, kpis);
    return all.map((_, at) => seen[at] ?? stored.get(at)!);
  });
}

export async function matchPendingReportsPg(
  writer: PgWriter,
  accountId: string,
  opts: { realtimeKpi: boolean; messageIds?: readonly string[]; recentMs?: number; limit?: number; qualify?: SrErrorQualifier },
): Promise<number> {
  return writer.write(async (c) => {
    const rows = opts.messageIds
      ? (
          await c.query<PendingRow>(
            `SELECT id, "messageId", status, "errorCode", verdict FROM "StatusReport"
             WHERE "accountId" = $1 AND matched = false AND "messageId" = ANY($2::text[]) ORDER BY id`,
            [accountId, opts.messageIds],
          )
        ).rows
      : (
          await c.query<PendingRow>(
            `SELECT id, "messageId", status, "errorCode", verdict FROM "StatusReport"
             WHERE "accountId" = $1 AND matched = false AND "messageId" <> '' AND "createdAt" >= $2::timestamp ORDER BY id LIMIT $3`,
            [accountId, pgTime(new Date(Date.now() - (opts.recentMs ?? 3600_000))), opts.limit ?? 5000],
          )
        ).rows;
    if (rows.length === 0) return 0;
    const { matched, kpis } = await applyBatchPg(
      c,
      rows.map((r) => pendingSr(accountId, r, opts)),
    );
    const ids = rows.filter((_, i) => matched[i]).map((r) => r.id);
    if (ids.length > 0) await c.query(`UPDATE "StatusReport" SET matched = true WHERE id = ANY($1::int[])`, [ids]);
    await flushKpisPg(c, kpis);
    return ids.length;
  });
}

/** Delivered and Bounces + Errors recounted inside the caller's PostgreSQL transaction (under the KPI lock). */
export async function recountKpisPg(c: PgClient, deliveryId: string): Promise<void> {
  await c.query(KPI_LOCK, [deliveryId]);
  await c.query(PG_RECOUNT, [deliveryId]);
}
