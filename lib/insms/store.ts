import "server-only";
import type { ConcatInfo } from "../smpp/incoming";
import { matchAutoReply, type AutoReplyRule } from "./auto-reply";
import { sqliteDateTime, type SqliteWriter } from "../storage/sqlite-writer";
import type { InboundSms } from "../generated/prisma/client";
import { applyQuarantineAction } from "../quarantine/store";
import { bumpPerAccount, COUNTER } from "../metrics/counters";
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
  rules: readonly AutoReplyRule[];
};

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
  insertSms: `INSERT INTO InboundSms (accountId, origin, destination, message, dataCoding, providerId, receivedAt, createdAt, keyword, action)
              VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
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
  let text = mo.text;
  if (mo.concat && mo.concat.total > 1) {
    const { reference, total, sequence } = mo.concat;
    if (sequence < 1 || sequence > total) {
      // A segment number outside 1..total cannot be joined: keep it as a message of its own rather than lose it.
      return finish(prepare, mo, text, now);
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
    text = joined;
  }
  return finish(prepare, mo, text, now);
}

function finish(prepare: SqliteWriter["prepare"], mo: MoToStore, text: string, now: Now): MoStored {
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
    };
  }
  return { complete: true, inboundId: row?.id ?? null, row, text, reply: rule && rule.reply !== "" ? rule : null };
}

/** Stores a batch of MO segments in one transaction; resolves after the commit, rejects when the database refused. */
export async function storeMoBatch(writer: SqliteWriter, items: readonly MoToStore[]): Promise<MoStored[]> {
  const results = await writer.write(() => {
    const date = new Date();
    const now = { date, text: sqliteDateTime(date) };
    const stored = items.map((mo) => storeOne(writer.prepare, mo, now));
    bumpPerAccount(writer.prepare, COUNTER.moReceived, items);
    return stored;
  });
  // After the commit: a live page never shows a row that could still be rolled back.
  for (const r of results) if (r.row) publishInboundSms(r.row);
  return results;
}

/** Drops held segments older than a day whose siblings never came; returns how many. */
export async function dropStaleInboundParts(writer: SqliteWriter, olderThanMs = PART_TTL_MS): Promise<number> {
  const before = sqliteDateTime(new Date(Date.now() - olderThanMs));
  return writer.write(() => writer.prepare(`DELETE FROM InboundPart WHERE createdAt < ?`).run(before).changes);
}
