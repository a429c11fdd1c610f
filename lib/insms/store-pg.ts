import "server-only";
import { matchAutoReply, type AutoReplyRule } from "./auto-reply";
import { prepared, type PgClient } from "../postgres/pool";
import type { PgWriter } from "../postgres/writer";
import { pgText, pgTime } from "../postgres/text";
import { CHANNEL, IDS_PER_NOTIFY } from "../postgres/notify";
import { applyQuarantineActionPg } from "../quarantine/store";
import { bumpCountersPg, bumpCountersPgParams, bumpCountersPgSql, COUNTER, perAccountBumps } from "../metrics/counters";
import { joinPayloads, PART_TTL_MS, pduColumns, type MoStored, type MoToStore } from "./mo-batch";

/** MO persistence on PostgreSQL: the rules of store.ts; the rows of a batch go in one INSERT … SELECT FROM unnest. */

const PG = {
  dropStaleParts: `DELETE FROM "InboundPart" WHERE "accountId" = $1 AND "origin" = $2 AND "reference" = $3
                     AND ("total" <> $4 OR "createdAt" < $5::timestamp)`,
  upsertPart: `INSERT INTO "InboundPart" ("accountId", "origin", "reference", "total", "seq", "dataCoding", "payload", "destination", "createdAt")
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::timestamp)
               ON CONFLICT ("accountId", "origin", "reference", "seq") DO UPDATE SET
                 "total" = excluded."total", "dataCoding" = excluded."dataCoding", "payload" = excluded."payload",
                 "destination" = excluded."destination", "createdAt" = excluded."createdAt"`,
  readParts: `SELECT "seq", "payload" FROM "InboundPart" WHERE "accountId" = $1 AND "origin" = $2 AND "reference" = $3 ORDER BY "seq"`,
  deleteParts: `DELETE FROM "InboundPart" WHERE "accountId" = $1 AND "origin" = $2 AND "reference" = $3`,
  insertSms: `INSERT INTO "InboundSms" ("accountId", "origin", "destination", "message", "dataCoding", "providerId", "receivedAt", "createdAt", "keyword", "action",
                "sourceTon", "sourceNpi", "destTon", "destNpi", "esmClass", "parts", "bindRole", "bindIndex")
              SELECT r."accountId", r.origin, r.destination, r.message, r."dataCoding", r."providerId", r."receivedAt", $18::timestamp, r.keyword, r.action,
                r."sourceTon", r."sourceNpi", r."destTon", r."destNpi", r."esmClass", r.parts, r."bindRole", r."bindIndex"
              FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[], $6::text[], $7::timestamp[], $8::text[], $9::text[],
                          $10::int[], $11::int[], $12::int[], $13::int[], $14::int[], $15::int[], $16::text[], $17::int[])
                WITH ORDINALITY AS r("accountId", origin, destination, message, "dataCoding", "providerId", "receivedAt", keyword, action,
                                     "sourceTon", "sourceNpi", "destTon", "destNpi", "esmClass", parts, "bindRole", "bindIndex", ord)
              ORDER BY r.ord
              RETURNING "id"`,
};

/** A segment held (or joined): the whole text, or null while segments are missing. */
async function joinedTextPg(c: PgClient, mo: MoToStore, nowText: string): Promise<string | null> {
  const { reference, total, sequence } = mo.concat!;
  const at = [mo.accountId, mo.origin, reference];
  await c.query(PG.dropStaleParts, [...at, total, pgTime(new Date(Date.now() - PART_TTL_MS))]);
  await c.query(PG.upsertPart, [...at, total, sequence, mo.dataCoding, Buffer.from(mo.text, "utf16le"), mo.destination, nowText]);
  const rows = (await c.query<{ seq: number; payload: Buffer }>(PG.readParts, at)).rows;
  if (rows.length < total) return null;
  const joined = joinPayloads(rows, total);
  if (joined !== null) await c.query(PG.deleteParts, at);
  return joined;
}

/**
 * The segments of one long MO may be committed by two transactions at once (the binds of two nodes each got one): each
 * would read the other's segment as missing and neither would join them. A transaction lock per message (taken for
 * the whole batch in one order, so never a deadlock) makes the second wait and then read the first's segment.
 */
async function lockConcatMessagesPg(c: PgClient, items: readonly MoToStore[]): Promise<void> {
  const keys = new Set<string>();
  for (const mo of items)
    if (mo.concat && mo.concat.total > 1) keys.add(`mo-concat:${mo.accountId}:${mo.origin}:${mo.concat.reference}`);
  if (keys.size === 0) return;
  await c.query(
    `SELECT pg_advisory_xact_lock(s.h) FROM (SELECT DISTINCT hashtext(k) AS h FROM unnest($1::text[]) AS k ORDER BY 1) s`,
    [[...keys].map(pgText)],
  );
}

type PgRow = { result: MoStored; mo: MoToStore; text: string; rule: AutoReplyRule | null; pdu: ReturnType<typeof pduColumns> };

/** A segment of a long MO (held in InboundPart until its message is whole). */
function isSegment(mo: MoToStore): boolean {
  const c0 = mo.concat;
  return !!c0 && c0.total > 1 && c0.sequence >= 1 && c0.sequence <= c0.total;
}

function ruleFor(mo: MoToStore, text: string): AutoReplyRule | null {
  return mo.rules.length > 0 ? (matchAutoReply(mo.rules, { text, destination: mo.destination })?.rule ?? null) : null;
}

/** The complete MO's result, and its row to insert when the account stores MO. */
function completeMo(mo: MoToStore, text: string, parts: number, rule: AutoReplyRule | null, rows: PgRow[]): MoStored {
  const result: MoStored = { complete: true, inboundId: null, row: null, text, reply: rule && rule.reply !== "" ? rule : null };
  if (mo.store) rows.push({ result, mo, text: pgText(text), rule, pdu: pduColumns(mo, parts) });
  return result;
}

/** PG.insertSms's parameters ($1…$18). */
function insertParams(rows: readonly PgRow[], date: Date, nowText: string): unknown[] {
  const col = <T>(f: (r: PgRow) => T) => rows.map(f);
  return [
    col((r) => r.mo.accountId),
    col((r) => r.mo.origin),
    col((r) => r.mo.destination),
    col((r) => r.text),
    col((r) => r.mo.dataCoding),
    col((r) => (r.mo.providerId == null ? null : pgText(r.mo.providerId))),
    col((r) => pgTime(r.mo.receivedAt ?? date)),
    col((r) => r.rule?.keyword ?? null),
    col((r) => r.rule?.action ?? null),
    col((r) => r.pdu.sourceTon),
    col((r) => r.pdu.sourceNpi),
    col((r) => r.pdu.destTon),
    col((r) => r.pdu.destNpi),
    col((r) => r.pdu.esmClass),
    col((r) => r.pdu.parts),
    col((r) => r.pdu.bindRole),
    col((r) => r.pdu.bindIndex),
    nowText,
  ];
}

/** Gives each inserted row its id and its committed row (for the live page). */
function assignIds(rows: readonly PgRow[], returned: readonly { id: number }[], date: Date): void {
  // One statement takes its ids from the sequence in row order (ORDER BY ord): ascending ids are the rows in order.
  const ids = returned.map((r) => r.id).sort((a, b) => a - b);
  rows.forEach((r, i) => {
    const id = ids[i];
    r.result.inboundId = id;
    r.result.row = {
      id,
      accountId: r.mo.accountId,
      origin: r.mo.origin,
      destination: r.mo.destination,
      message: r.text,
      dataCoding: r.mo.dataCoding,
      providerId: r.mo.providerId ?? null,
      receivedAt: r.mo.receivedAt ?? date,
      createdAt: date,
      keyword: r.rule ? r.rule.keyword : null,
      action: r.rule ? r.rule.action : null,
      ...r.pdu,
    };
  });
}

/**
 * The common batch (no segment of a long MO, no quarantine action) as one statement: the rows, the counter bump and
 * the notifications for the web processes (delivered at its commit, and only then) in CTEs. One round trip instead of
 * five (BEGIN, insert, bump, notify, COMMIT): on these machines each costs the connector and the server more CPU
 * than a whole MO row. A SELECT in a CTE runs only when referenced, hence the always-true filter naming `note`.
 */
const STORE_SIMPLE_BATCH = `WITH ins AS (${PG.insertSms}),
  bump AS (${bumpCountersPgSql(19)}),
  note AS (SELECT pg_notify($24, string_agg(id::text, ',' ORDER BY id)) FROM
             (SELECT id, (row_number() OVER (ORDER BY id) - 1) / ${IDS_PER_NOTIFY} AS chunk FROM ins) n GROUP BY chunk)
  SELECT id FROM ins WHERE (SELECT count(*) FROM note) >= 0`;

export async function storeMoBatchPg(writer: PgWriter, items: readonly MoToStore[]): Promise<MoStored[]> {
  const date = new Date();
  const nowText = pgTime(date);
  const rules = items.map((mo) => (isSegment(mo) ? null : ruleFor(mo, mo.text)));
  if (items.every((mo, i) => !isSegment(mo) && (!rules[i] || rules[i].action === "none"))) {
    const rows: PgRow[] = [];
    const results = items.map((mo, i) => completeMo(mo, mo.text, 1, rules[i], rows));
    const bumps = bumpCountersPgParams(perAccountBumps(COUNTER.moReceived, items));
    const { rows: ids } = await writer.pool.query<{ id: number }>(
      prepared(STORE_SIMPLE_BATCH)([...insertParams(rows, date, nowText), ...bumps, CHANNEL.insms]),
    );
    assignIds(rows, ids, date);
    return results;
  }
  return writer.write(async (c) => {
    const results: MoStored[] = [];
    const rows: PgRow[] = [];
    await lockConcatMessagesPg(c, items);
    for (const [i, mo] of items.entries()) {
      const text = isSegment(mo) ? await joinedTextPg(c, mo, nowText) : mo.text;
      if (text === null) {
        results.push({ complete: false, inboundId: null, row: null, text: null, reply: null });
        continue;
      }
      const rule = isSegment(mo) ? ruleFor(mo, text) : rules[i];
      if (rule && rule.action !== "none")
        await applyQuarantineActionPg(c, rule.action, mo.origin, rule.shortCode.trim(), pgText(`MO "${text.slice(0, 60)}"`));
      results.push(completeMo(mo, text, isSegment(mo) ? mo.concat!.total : 1, rule, rows));
    }
    if (rows.length > 0)
      assignIds(rows, (await c.query<{ id: number }>(prepared(PG.insertSms)(insertParams(rows, date, nowText)))).rows, date);
    await bumpCountersPg(c, perAccountBumps(COUNTER.moReceived, items));
    // Web processes (any node) LISTEN: the ids reach them when this transaction commits, and only then.
    const stored = rows.map((r) => r.result.inboundId!);
    for (let i = 0; i < stored.length; i += IDS_PER_NOTIFY)
      await c.query(prepared(`SELECT pg_notify($1, $2)`)([CHANNEL.insms, stored.slice(i, i + IDS_PER_NOTIFY).join(",")]));
    return results;
  });
}

/** Drops held segments older than `olderThanMs`; returns how many. */
export async function dropStaleInboundPartsPg(writer: PgWriter, olderThanMs: number): Promise<number> {
  return writer.write(
    async (c) =>
      (await c.query(`DELETE FROM "InboundPart" WHERE "createdAt" < $1::timestamp`, [pgTime(new Date(Date.now() - olderThanMs))]))
        .rowCount ?? 0,
  );
}
