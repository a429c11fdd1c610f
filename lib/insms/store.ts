import "server-only";
import { matchAutoReply } from "./auto-reply";
import { sqliteDateTime, type SqliteWriter } from "../storage/sqlite-writer";
import type { Writer } from "../storage/writer";
import { applyQuarantineAction } from "../quarantine/store";
import { bumpPerAccount, COUNTER } from "../metrics/counters";
import { publishInboundSms } from "./live";
import type { InboundSms } from "../generated/prisma/client";
import { joinPayloads, PART_TTL_MS, pduColumns, type MoStored, type MoToStore } from "./mo-batch";
import { dropStaleInboundPartsPg, storeMoBatchPg } from "./store-pg";

export type { MoPduFields, MoStored, MoToStore } from "./mo-batch";

/**
 * MO persistence (spec "The inSMS table"): one InboundSms row per MO, concatenated MO held in InboundPart
 * until every segment is there and then stored as one row, the automatic reply's keyword and action recorded on the
 * row and its quarantine action applied in the same transaction. The caller acknowledges the deliver_sm only after
 * `storeMoBatch` has committed.
 *
 * This file: the batch entry points and the SQLite path (the connector's synchronous writer); PostgreSQL in
 * store-pg.ts, the shared types in mo-batch.ts.
 */
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
  if (writer.kind === "pg") return dropStaleInboundPartsPg(writer, olderThanMs);
  const before = sqliteDateTime(new Date(Date.now() - olderThanMs));
  return writer.write(() => writer.prepare(`DELETE FROM InboundPart WHERE createdAt < ?`).run(before).changes);
}
