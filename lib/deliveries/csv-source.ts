import "server-only";
import fs from "node:fs";
import { parse, type Options } from "csv-parse";
import { pickPhoneColumn } from "./schema";
import type { RecipientLine } from "./recipient-import";

/** Options shared by the header check and the import, so both read the file the same way. */
const CSV_OPTIONS: Options = {
  bom: true,
  delimiter: [",", ";", "\t"],
  relax_column_count: true,
  relax_quotes: true,
  skip_empty_lines: true,
  trim: true,
};

/** The header row of a CSV file (the first record), read without loading the file. */
export async function readCsvHeader(file: string): Promise<string[]> {
  const stream = fs.createReadStream(file, { highWaterMark: 64 * 1024 });
  const parser = stream.pipe(parse({ ...CSV_OPTIONS, to: 1 }));
  try {
    for await (const record of parser as AsyncIterable<string[]>) return record;
    return [];
  } finally {
    stream.destroy();
    parser.destroy();
  }
}

export type CsvColumn = { ok: true; column: string; index: number } | { ok: false; error: string };

/** Which column of the file holds the numbers (see pickPhoneColumn). */
export async function csvPhoneColumn(file: string, wanted?: string | null): Promise<CsvColumn> {
  const headers = await readCsvHeader(file);
  if (headers.length === 0) return { ok: false, error: "The CSV file is empty" };
  const picked = pickPhoneColumn(headers, wanted);
  if (!picked.ok) return picked;
  return { ok: true, column: picked.column, index: headers.indexOf(picked.column) };
}

/** The numbers of one column, streamed record by record with their line number in the file. */
export async function* csvRecipientLines(file: string, columnIndex: number): AsyncIterable<RecipientLine> {
  const parser = fs
    .createReadStream(file, { highWaterMark: 256 * 1024 })
    .pipe(parse({ ...CSV_OPTIONS, from_line: 2, info: true }));
  for await (const item of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
    const raw = item.record[columnIndex] ?? "";
    yield { line: item.info.lines, raw };
  }
}
