import "server-only";
import type { ConcatInfo } from "../smpp/incoming";
import { matchAutoReply, type AutoReplyRule } from "./auto-reply";
import { sqliteDateTime, type SqliteWriter } from "../storage/sqlite-writer";
import type { Writer } from "../storage/writer";
import { prepared, type PgClient } from "../postgres/pool";
import type { PgWriter } from "../postgres/writer";
import { pgText, pgTime } from "../postgres/text";
import { CHANNEL, IDS_PER_NOTIFY } from "../postgres/notify";
import type { InboundSms } from "../generated/prisma/client";
import { applyQuarantineAction, applyQuarantineActionPg } from "../quarantine/store";
import {
  bumpCountersPg,
  bumpCountersPgParams,
  bumpCountersPgSql,
  bumpPerAccount,
  COUNTER,
  perAccountBumps,
} from "../metrics/counters";
import { publishInboundSms } from "./live";

/**
 * MO persistence (issue 4, spec "The inSMS table"): one InboundSms row per MO, concatenated MO held in InboundPart
 * until every segment is there and then stored as one row, the automatic reply's keyword and action recorded on the
 * row and its quarantine action applied in the same transaction. The caller acknowledges the deliver_sm only after
 * `storeMoBatch` has committed.
 */
export type MoToStore = {
  accountId: string;
  /** "Store incoming MO in the database": off, nothing goes to InboundSms but replies and actions still apply. */
  store: boolean;
  origin: string;
  destination: string;
  dataCoding: number;
  /** This segment's decoded text (UDH removed). */
  text: string;
  concat: ConcatInfo | null;
  providerId?: string | null;
  receivedAt?: Date | null;
  /** The deliver_sm's fields the detail view shows (SMPP v3.4 §4.6.1); for a joined MO, those of its last segment. */
  pdu?: MoPduFields | null;
  rules: readonly AutoReplyRule[];
};

export type MoPduFields = {
  sourceTon: number;
  sourceNpi: number;
  destTon: number;
  destNpi: number;
  esmClass: number;
  /** The bind it came on: its role and connection index (0-based). */
  bindRole: string | null;
  bindIndex: number | null;
};

/** The InboundSms columns of the PDU's fields; `parts` is 1, or the number of segments joined. */
function pduColumns(mo: MoToStore, parts: number) {
  const p = mo.pdu;
  return {
    sourceTon: p?.sourceTon ?? null,
    sourceNpi: p?.sourceNpi ?? null,
    destTon: p?.destTon ?? null,
    destNpi: p?.destNpi ?? null,
    esmClass: p?.esmClass ?? null,
    parts,
    bindRole: p?.bindRole ?? null,
    bindIndex: p?.bindIndex ?? null,
  };
}

export type MoStored = {
  /** False while a concatenated MO still misses segments. */
  complete: boolean;
  inboundId: number | null;
  /** The committed row (for the live inSMS page), when stored. */
  row: InboundSms | null;
  /** The whole text once complete. */
  text: string | null;
  /** The automatic reply to send once committed. */
  reply: AutoReplyRule | null;
};

/** Segments of an older message that never completed are dropped after this long (SMSCs give up well before). */
const PART_TTL_MS = 24 * 3600 * 1000;

const SQL = {
  insertSms: `INSERT INTO InboundSms (accountId, origin, destination, message, dataCoding, providerId, receivedAt, createdAt, keyword, action,
                sourceTon, sourceNpi, destTon, destNpi, esmClass, parts, bindRole, bindIndex)
              VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  dropStaleParts: `DELETE FROM InboundPart WHERE accountId = ? AND origin = ? AND reference = ? AND (total <> ? OR createdAt < ?)`,
  upsertPart: `INSERT INTO InboundPart (accountId, origin, reference, total, seq, dataCoding, payload, destination, createdAt)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
               ON CONFLICT(accountId, origin, reference, seq) DO UPDATE SET
                 total = excluded.total, dataCoding = excluded.dataCoding, payload = excluded.payload,
                 destination = excluded.destination, createdAt = excluded.createdAt`,
  countParts: `SELECT COUNT(*) AS n FROM InboundPart WHERE accountId = ? AND origin = ? AND reference = ?`,
  readParts: `SELECT seq, payload FROM InboundPart WHERE accountId = ? AND origin = ? AND reference = ? ORDER BY seq`,
  deleteParts: `DELETE FROM InboundPart WHERE accountId = ? AND origin = ? AND reference = ?`,
};

/**
 * Joins held segments. Payloads are the segment texts as UTF-16 code units, so a UCS-2 surrogate pair that an
 * SMSC split across two segments joins back into one character.
 */
function joinPayloads(rows: { seq: number; payload: Buffer }[], total: number): string | null {
  if (rows.length !== total) return null;
  let out = "";
  for (let i = 0; i < total; i++) {
    if (rows[i].seq !== i + 1) return null;
    out += rows[i].payload.toString("utf16le");
  }
  return out;
}

type Now = { date: Date; text: string };

function storeOne(prepare: SqliteWriter["prepare"], mo: MoToStore, now: Now): MoStored {
  if (mo.concat && mo.concat.total > 1) {
    const { reference, total, sequence } = mo.concat;
    if (sequence < 1 || sequence > total) {
      // A segment number outside 1..total cannot be joined: keep it as a message of its own rather than lose it.
      return finish(prepare, mo, mo.text, 1, now);
    }
    prepare(SQL.dropStaleParts).run(
      mo.accountId,
      mo.origin,
      reference,
      total,
      sqliteDateTime(new Date(Date.now() - PART_TTL_MS)),
    );
    prepare(SQL.upsertPart).run(
      mo.accountId,
      mo.origin,
      reference,
      total,
      sequence,
      mo.dataCoding,
      Buffer.from(mo.text, "utf16le"),
      mo.destination,
      now.text,
    );
    const { n } = prepare(SQL.countParts).get(mo.accountId, mo.origin, reference) as { n: number };
    if (n < total) return { complete: false, inboundId: null, row: null, text: null, reply: null };
    const joined = joinPayloads(
      prepare(SQL.readParts).all(mo.accountId, mo.origin, reference) as { seq: number; payload: Buffer }[],
      total,
    );
    if (joined === null) return { complete: false, inboundId: null, row: null, text: null, reply: null };
    prepare(SQL.deleteParts).run(mo.accountId, mo.origin, reference);
    return finish(prepare, mo, joined, total, now);
  }
  return finish(prepare, mo, mo.text, 1, now);
}

function finish(prepare: SqliteWriter["prepare"], mo: MoToStore, text: string, parts: number, now: Now): MoStored {
  const match = mo.rules.length > 0 ? matchAutoReply(mo.rules, { text, destination: mo.destination }) : null;
  const rule = match?.rule ?? null;
  if (rule && rule.action !== "none") {
    applyQuarantineAction(prepare, rule.action, mo.origin, rule.shortCode.trim(), `MO "${text.slice(0, 60)}"`, now.text);
  }
  let row: InboundSms | null = null;
  if (mo.store) {
    // receivedAt is always filled (the SMSC's time, else arrival): the inSMS browser pages on (receivedAt, id).
    const receivedAt = mo.receivedAt ?? now.date;
    const keyword = rule ? rule.keyword : null;
    const action = rule ? rule.action : null;
    const providerId = mo.providerId ?? null;
    const pdu = pduColumns(mo, parts);
    const r = prepare(SQL.insertSms).run(
      mo.accountId,
      mo.origin,
      mo.destination,
      text,
      mo.dataCoding,
      providerId,
      mo.receivedAt ? sqliteDateTime(mo.receivedAt) : now.text,
      now.text,
      keyword,
      action,
      pdu.sourceTon,
      pdu.sourceNpi,
      pdu.destTon,
      pdu.destNpi,
      pdu.esmClass,
      pdu.parts,
      pdu.bindRole,
      pdu.bindIndex,
    );
    row = {
      id: Number(r.lastInsertRowid),
      accountId: mo.accountId,
      origin: mo.origin,
      destination: mo.destination,
      message: text,
      dataCoding: mo.dataCoding,
      providerId,
      receivedAt,
      createdAt: now.date,
      keyword,
      action,
      ...pdu,
    };
  }
  return { complete: true, inboundId: row?.id ?? null, row, text, reply: rule && rule.reply !== "" ? rule : null };
}

/** Stores a batch of MO segments in one transaction; resolves after the commit, rejects when the database refused. */
export async function storeMoBatch(writer: Writer, items: readonly MoToStore[]): Promise<MoStored[]> {
  if (writer.kind === "pg") return published(await storeMoBatchPg(writer, items));
  const results = await writer.write(() => {
    const date = new Date();
    const now = { date, text: sqliteDateTime(date) };
    const stored = items.map((mo) => storeOne(writer.prepare, mo, now));
    bumpPerAccount(writer.prepare, COUNTER.moReceived, items);
    return stored;
  });
  return published(results);
}

/** After the commit: a live page never shows a row that could still be rolled back. */
function published(results: MoStored[]): MoStored[] {
  for (const r of results) if (r.row) publishInboundSms(r.row);
  return results;
}

/** Drops held segments older than a day whose siblings never came; returns how many. */
export async function dropStaleInboundParts(writer: Writer, olderThanMs = PART_TTL_MS): Promise<number> {
  if (writer.kind === "pg")
    return writer.write(
      async (c) =>
        (
          await c.query(`DELETE FROM "InboundPart" WHERE "createdAt" < $1::timestamp`, [
            pgTime(new Date(Date.now() - olderThanMs)),
          ])
        ).rowCount ?? 0,
    );
  const before = sqliteDateTime(new Date(Date.now() - olderThanMs));
  return writer.write(() => writer.prepare(`DELETE FROM InboundPart WHERE createdAt < ?`).run(before).changes);
}

// PostgreSQL (issue 10): the same rules; the rows of the batch go in one INSERT … SELECT FROM unnest.

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
 * than a whole MO row.
 */
const STORE_SIMPLE_BATCH = `WITH ins AS (${PG.insertSms}),
  bump AS (${bumpCountersPgSql(19)}),
  note AS (SELECT pg_notify($24, string_agg(id::text, ',' ORDER BY id)) FROM
             (SELECT id, (row_number() OVER (ORDER BY id) - 1) / ${IDS_PER_NOTIFY} AS chunk FROM ins) n GROUP BY chunk)
  SELECT id FROM ins WHERE (SELECT count(*) FROM note) >= 0`;

async function storeMoBatchPg(writer: PgWriter, items: readonly MoToStore[]): Promise<MoStored[]> {
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
