import "server-only";
import { csvErrorReason, csvPhoneColumn, csvRecipientLines } from "@/lib/deliveries/csv-source";
import { PhoneNumberSet } from "@/lib/deliveries/number-set";
import type { FieldColumn } from "@/lib/deliveries/recipient-fields";
import { pgText } from "@/lib/postgres/text";
import { phoneKey } from "@/lib/smpp/codec/phone";
import { sqliteDateTime } from "@/lib/storage/sqlite-writer";
import { getWriter } from "@/lib/storage/writer";
import { IMPORT_REASON } from "./origin";
import { quarantineEntrySchema } from "./schema";

/**
 * A CSV of numbers into the denylist: the number column guessed as the deliveries guess it, optional
 * `reason` and `shortCode` columns, each number checked and normalised as the add form does. The file is read record
 * by record and written in batches (one multi-row statement per batch on PostgreSQL, one transaction of prepared
 * inserts on SQLite), so 100,000 lines cost a few dozen round trips and never sit in memory: only the numbers seen,
 * per short code, do (PhoneNumberSet, 8–16 bytes each), to count duplicates within the file.
 */
export type QuarantineImportSummary = {
  /** Records read (the header excluded). */
  total: number;
  added: number;
  /** Already in quarantine: their reason replaced when the line gives one. */
  updated: number;
  /** The same number and short code earlier in the file. */
  duplicates: number;
  invalid: number;
  /** The first INVALID_SHOWN invalid lines, with the reason. */
  invalidLines: { line: number; value: string; error: string }[];
};

export type QuarantineImportResult =
  { ok: true; summary: QuarantineImportSummary } | { ok: false; error: string; summary?: QuarantineImportSummary };

const BATCH = 1000;
export const INVALID_SHOWN = 20;

type Entry = { number: string; shortCode: string; reason: string };

const norm = (s: string) =>
  s
    .trim()
    .toLowerCase()
    .replace(/[\s_\-.]/g, "");

function optionalColumn(headers: string[], names: string[], exclude: number): FieldColumn[] {
  const index = headers.findIndex((h, i) => i !== exclude && names.includes(norm(h)));
  return index >= 0 ? [{ name: names[0], index }] : [];
}

/** Imports `file` (a CSV on disk); `phoneColumn` names the number column when the header does not tell. */
export async function importQuarantineCsv(file: string, phoneColumn?: string | null): Promise<QuarantineImportResult> {
  const column = await csvPhoneColumn(file, phoneColumn);
  if (!column.ok) return { ok: false, error: column.error };
  const fields = [
    ...optionalColumn(column.headers, ["reason", "comment"], column.index),
    ...optionalColumn(column.headers, ["shortcode"], column.index),
  ];
  const summary: QuarantineImportSummary = { total: 0, added: 0, updated: 0, duplicates: 0, invalid: 0, invalidLines: [] };
  const seen = new Map<string, PhoneNumberSet>();
  let batch: Entry[] = [];
  try {
    for await (const line of csvRecipientLines(file, column.index, fields)) {
      summary.total++;
      const parsed = quarantineEntrySchema.safeParse({
        number: line.raw,
        shortCode: line.fields?.shortcode ?? "",
        reason: line.fields?.reason ?? "",
      });
      if (!parsed.success) {
        summary.invalid++;
        if (summary.invalidLines.length < INVALID_SHOWN) {
          const value = line.raw.length > 40 ? `${line.raw.slice(0, 40)}…` : line.raw;
          summary.invalidLines.push({ line: line.line, value, error: parsed.error.issues[0]?.message ?? "Invalid" });
        }
        continue;
      }
      const number = phoneKey(parsed.data.number);
      const { shortCode, reason } = parsed.data;
      let numbers = seen.get(shortCode);
      if (!numbers) seen.set(shortCode, (numbers = new PhoneNumberSet()));
      // At most 15 digits (the schema's rule): exact as a double.
      if (!numbers.add(Number(number))) {
        summary.duplicates++;
        continue;
      }
      batch.push({ number, shortCode, reason: reason.trim() });
      if (batch.length >= BATCH) {
        await writeBatch(batch, summary);
        batch = [];
      }
    }
    await writeBatch(batch, summary);
  } catch (e) {
    // A record csv-parse refuses (too long, a broken quote) stops the import there; the batches before it stay.
    return { ok: false, error: `The CSV cannot be read: ${csvErrorReason(e)}`, summary };
  }
  if (summary.total === 0) return { ok: false, error: "The CSV file has no number under its header" };
  return { ok: true, summary };
}

/**
 * Inserts the new entries (reason: the line's, else IMPORT_REASON) and gives the existing ones the line's reason when
 * it has one, in one transaction; counts which were there before.
 */
async function writeBatch(rows: Entry[], summary: QuarantineImportSummary): Promise<void> {
  if (rows.length === 0) return;
  const writer = getWriter();
  const numbers = rows.map((r) => r.number);
  const codes = rows.map((r) => r.shortCode);
  const reasons = rows.map((r) => r.reason);
  let existing: number;
  if (writer.kind === "pg")
    existing = await writer.write(async (c) => {
      const before = await c.query<{ n: string }>(
        `SELECT count(*) AS n FROM "Quarantine" q
         JOIN unnest($1::text[], $2::text[]) AS r(number, "shortCode") ON q.number = r.number AND q."shortCode" = r."shortCode"`,
        [numbers, codes],
      );
      await c.query(
        `INSERT INTO "Quarantine" (number, "shortCode", reason, "createdAt")
         SELECT r.number, r."shortCode", CASE WHEN r.reason = '' THEN $4::text ELSE r.reason END, now() AT TIME ZONE 'UTC'
         FROM unnest($1::text[], $2::text[], $3::text[]) AS r(number, "shortCode", reason)
         ON CONFLICT (number, "shortCode") DO UPDATE
           SET reason = CASE WHEN excluded.reason = $4::text THEN "Quarantine".reason ELSE excluded.reason END`,
        [numbers, codes.map(pgText), reasons.map(pgText), IMPORT_REASON],
      );
      return Number(before.rows[0].n);
    });
  else
    existing = await writer.write(() => {
      const now = sqliteDateTime();
      const has = writer.prepare(`SELECT 1 FROM Quarantine WHERE number = ? AND shortCode = ?`);
      const upsert = writer.prepare(
        `INSERT INTO Quarantine (number, shortCode, reason, createdAt) VALUES (?, ?, ?, ?)
         ON CONFLICT(number, shortCode) DO UPDATE SET reason = CASE WHEN excluded.reason = ? THEN reason ELSE excluded.reason END`,
      );
      let found = 0;
      for (const r of rows) {
        if (has.get(r.number, r.shortCode) !== undefined) found++;
        upsert.run(r.number, r.shortCode, r.reason || IMPORT_REASON, now, IMPORT_REASON);
      }
      return found;
    });
  summary.added += rows.length - existing;
  summary.updated += existing;
}
