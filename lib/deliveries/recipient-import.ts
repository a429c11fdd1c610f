import "server-only";
import { phoneKey, normalisePhoneNumber } from "@/lib/smpp/codec/phone";
import { sqliteDateTime } from "@/lib/storage/sqlite-writer";
import { getWriter } from "@/lib/storage/writer";
import { pgText } from "@/lib/postgres/text";
import { PhoneNumberSet } from "./number-set";

/**
 * Recipients go into the Recipient table in batches as they are read, so that a 1,000,000-row CSV never sits in
 * memory: only the set of numbers already seen does (PhoneNumberSet, 8–16 bytes per number), to skip duplicates.
 * Invalid, duplicate and quarantined numbers are stored too, as "skipped" with the reason, so the page lists them.
 */
/** `fields`: the personalisation cells of the line (CSV columns the text names), absent when it names none. */
export type RecipientLine = { line: number; raw: string; fields?: Record<string, string> };

export type ImportSummary = { total: number; valid: number; invalid: number; duplicates: number; quarantined: number };

const BATCH = 2000;
/** The longest phone number cell kept: as the JSON recipients' schema allows (newDeliverySchema). */
export const MAX_NUMBER_CHARS = 64;

type Row = {
  line: number;
  number: string;
  state: "pending" | "skipped";
  reason: string | null;
  key: number;
  /** Recipient.fields (JSON), null without personalisation. */
  fields: string | null;
};

/**
 * The import's check of one number cell, before the quarantine lookup: too long, invalid, a duplicate of one in
 * `seen` (added to it when new), else pending with its key (the phone number as an integer, as Quarantine holds it).
 * The delivery preview (lib/deliveries/preview.ts) counts with the same check.
 */
export function checkRecipientNumber(line: RecipientLine, seen: PhoneNumberSet): Row {
  const raw = line.raw.trim();
  const fields = line.fields ? JSON.stringify(line.fields) : null;
  if (raw.length > MAX_NUMBER_CHARS)
    // Stored shortened: the row says why it is skipped without holding the whole cell.
    return {
      line: line.line,
      number: `${raw.slice(0, 20)}…`,
      state: "skipped",
      reason: `Invalid number: ${raw.length.toLocaleString("en")} characters, at most ${MAX_NUMBER_CHARS}`,
      key: -1,
      fields,
    };
  const checked = normalisePhoneNumber(raw, { sendFullPhoneNumber: false });
  if (!checked.ok)
    return { line: line.line, number: raw, state: "skipped", reason: `Invalid number: ${checked.error}`, key: -1, fields };
  // At most 15 digits (E.164): exact as a double.
  const key = Number(phoneKey(checked.number));
  if (!seen.add(key))
    return {
      line: line.line,
      number: raw,
      state: "skipped",
      reason: "Duplicate: the number is listed earlier",
      key: -1,
      fields,
    };
  return { line: line.line, number: raw, state: "pending", reason: null, key, fields };
}

export class RecipientImporter {
  private readonly seen = new PhoneNumberSet();
  private batch: Row[] = [];
  readonly summary: ImportSummary = { total: 0, valid: 0, invalid: 0, duplicates: 0, quarantined: 0 };

  constructor(
    private readonly deliveryId: string,
    /** The account's short code: quarantine rows for it and for all short codes ("") apply. */
    private readonly shortCode: string,
  ) {}

  async add(line: RecipientLine): Promise<void> {
    this.batch.push(checkRecipientNumber(line, this.seen));
    if (this.batch.length >= BATCH) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.batch.length === 0) return;
    const rows = this.batch;
    this.batch = [];
    const writer = getWriter();
    const keys = rows.filter((r) => r.state === "pending").map((r) => String(r.key));
    const quarantined = new Map<string, string>();
    if (keys.length > 0) {
      const found =
        writer.kind === "pg"
          ? await writer.query<{ number: string; reason: string }>(
              `SELECT number, reason FROM "Quarantine" WHERE "shortCode" IN ('', $1) AND number = ANY($2::text[])`,
              [this.shortCode, keys],
            )
          : (writer
              .prepare(
                `SELECT number, reason FROM "Quarantine" WHERE shortCode IN ('', ?) AND number IN (SELECT value FROM json_each(?))`,
              )
              .all(this.shortCode, JSON.stringify(keys)) as { number: string; reason: string }[]);
      for (const q of found) quarantined.set(q.number, q.reason);
    }
    let invalid = 0;
    let duplicates = 0;
    let inQuarantine = 0;
    for (const r of rows) {
      if (r.state === "pending" && quarantined.has(String(r.key))) {
        const why = quarantined.get(String(r.key));
        r.state = "skipped";
        r.reason = `Quarantined${why ? `: ${why}` : ""}`;
        inQuarantine++;
      } else if (r.state === "skipped") {
        if (r.reason!.startsWith("Invalid")) invalid++;
        else duplicates++;
      }
    }
    const skipped = invalid + duplicates + inQuarantine;
    const counts = [rows.length, skipped, skipped, invalid, duplicates, inQuarantine, this.deliveryId];
    if (writer.kind === "pg")
      await writer.write(async (c) => {
        await c.query(
          `INSERT INTO "Recipient" ("deliveryId", number, line, state, reason, fields, "updatedAt")
           SELECT $1, r.number, r.line, r.state, r.reason, r.fields, now() AT TIME ZONE 'UTC'
           FROM unnest($2::text[], $3::int[], $4::text[], $5::text[], $6::text[])
             WITH ORDINALITY AS r(number, line, state, reason, fields, ord) ORDER BY r.ord`,
          [
            this.deliveryId,
            rows.map((r) => pgText(r.number)),
            rows.map((r) => r.line),
            rows.map((r) => r.state),
            rows.map((r) => r.reason && pgText(r.reason)),
            rows.map((r) => r.fields && pgText(r.fields)),
          ],
        );
        await c.query(
          `UPDATE "Delivery" SET total = total + $1, skipped = skipped + $2, processed = processed + $3,
             invalid = invalid + $4, duplicates = duplicates + $5, quarantined = quarantined + $6 WHERE id = $7`,
          counts,
        );
      });
    else
      await writer.write(() => {
        const now = sqliteDateTime();
        const insert = writer.prepare(
          `INSERT INTO "Recipient" (deliveryId, number, line, state, reason, fields, updatedAt) VALUES (?, ?, ?, ?, ?, ?, ?)`,
        );
        for (const r of rows) insert.run(this.deliveryId, r.number, r.line, r.state, r.reason, r.fields, now);
        writer
          .prepare(
            `UPDATE "Delivery" SET total = total + ?, skipped = skipped + ?, processed = processed + ?,
             invalid = invalid + ?, duplicates = duplicates + ?, quarantined = quarantined + ? WHERE id = ?`,
          )
          .run(...counts);
      });
    this.summary.total += rows.length;
    this.summary.valid += rows.length - skipped;
    this.summary.invalid += invalid;
    this.summary.duplicates += duplicates;
    this.summary.quarantined += inQuarantine;
  }
}

/** Reads every line of `source` into the delivery's recipients. */
export async function importRecipients(
  deliveryId: string,
  shortCode: string,
  source: AsyncIterable<RecipientLine> | Iterable<RecipientLine>,
): Promise<ImportSummary> {
  const importer = new RecipientImporter(deliveryId, shortCode);
  for await (const line of source) await importer.add(line);
  await importer.flush();
  // The imported rows are copied from the WAL into the database file now, as the import's last step. Left there, the
  // next commit of a connection with SQLite's default threshold (Prisma's: 1,000 pages) does it — the one that marks
  // the delivery running: measured 36–50 ms after 100,000 recipients, before the first submit_sm could go.
  const writer = getWriter();
  if (writer.kind === "sqlite") writer.checkpoint();
  return importer.summary;
}

/** Pasted or JSON recipients: one per entry; lines left blank are not recipients. */
export function* listedRecipients(numbers: string[]): Iterable<RecipientLine> {
  let line = 0;
  for (const n of numbers) {
    line++;
    if (n.trim() !== "") yield { line, raw: n };
  }
}
