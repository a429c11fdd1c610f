import type { ConcatInfo } from "../smpp/incoming";
import type { AutoReplyRule } from "./auto-reply";
import type { InboundSms } from "../generated/prisma/client";

/**
 * What an MO batch is made of (lib/insms/store.ts on SQLite, store-pg.ts on PostgreSQL): the segment to store, its
 * result, the deliver_sm fields kept with its row, and the joining of a long MO's held segments.
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
export function pduColumns(mo: MoToStore, parts: number) {
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
export const PART_TTL_MS = 24 * 3600 * 1000;

/**
 * Joins held segments. Payloads are the segment texts as UTF-16 code units, so a UCS-2 surrogate pair that an
 * SMSC split across two segments joins back into one character.
 */
export function joinPayloads(rows: { seq: number; payload: Buffer }[], total: number): string | null {
  if (rows.length !== total) return null;
  let out = "";
  for (let i = 0; i < total; i++) {
    if (rows[i].seq !== i + 1) return null;
    out += rows[i].payload.toString("utf16le");
  }
  return out;
}
