import "server-only";
import fs from "node:fs";
import { parse, type Options } from "csv-parse";
import { byteLimitFromEnv } from "@/lib/http/bounded-body";
import { pickPhoneColumn } from "./schema";
import type { RecipientLine } from "./recipient-import";
import { recordFields, type FieldColumn } from "./recipient-fields";
import { errorMessage } from "@/lib/errors";

/** CSV_MAX_RECORD_BYTES: the longest CSV record (one line, every column), 64 KB by default; a longer one stops the import. */
export const csvRecordLimit = () => byteLimitFromEnv("CSV_MAX_RECORD_BYTES", 64 * 1024);

/** Options shared by the header check and the import, so both read the file the same way. */
const csvOptions = (): Options => ({
  bom: true,
  max_record_size: csvRecordLimit(),
  delimiter: [",", ";", "\t"],
  relax_column_count: true,
  relax_quotes: true,
  skip_empty_lines: true,
  trim: true,
});

/**
 * A file that is not text: a NUL byte, or more than 1 % of control characters other than tab, CR, LF and ESC in its
 * first 8 KB (the test git and file(1) make). Such a file is refused by what it is, never by echoing its bytes.
 */
export async function looksBinary(file: string): Promise<boolean> {
  const handle = await fs.promises.open(file, "r");
  try {
    const head = Buffer.alloc(8192);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    let control = 0;
    for (let i = 0; i < bytesRead; i++) {
      const b = head[i];
      if (b === 0) return true;
      if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x1b) control++;
    }
    return bytesRead > 0 && control / bytesRead > 0.01;
  } finally {
    await handle.close();
  }
}

/** The header row of a CSV file (the first record), read without loading the file. */
export async function readCsvHeader(file: string): Promise<string[]> {
  const stream = fs.createReadStream(file, { highWaterMark: 64 * 1024 });
  const parser = stream.pipe(parse({ ...csvOptions(), to: 1 }));
  try {
    for await (const record of parser as AsyncIterable<string[]>) return record;
    return [];
  } finally {
    stream.destroy();
    parser.destroy();
  }
}

export type CsvColumn = { ok: true; column: string; index: number; headers: string[] } | { ok: false; error: string };

/** Which column of the file holds the numbers (see pickPhoneColumn). */
export async function csvPhoneColumn(file: string, wanted?: string | null): Promise<CsvColumn> {
  if (await looksBinary(file)) return { ok: false, error: "The file is not a CSV text file (it holds binary data)" };
  let headers: string[];
  try {
    headers = await readCsvHeader(file);
  } catch (e) {
    return { ok: false, error: `The CSV header cannot be read: ${csvErrorReason(e)}` };
  }
  if (headers.length === 0) return { ok: false, error: "The CSV file is empty" };
  const picked = pickPhoneColumn(headers, wanted);
  if (!picked.ok) return picked;
  return { ok: true, column: picked.column, index: headers.indexOf(picked.column), headers };
}

/**
 * The numbers of one column, streamed record by record with their line number in the file, and the cells of the
 * personalisation columns when the text names some.
 */
export async function* csvRecipientLines(
  file: string,
  columnIndex: number,
  fields: readonly FieldColumn[] = [],
): AsyncIterable<RecipientLine> {
  const parser = fs
    .createReadStream(file, { highWaterMark: 256 * 1024 })
    .pipe(parse({ ...csvOptions(), from_line: 2, info: true }));
  for await (const item of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
    const raw = item.record[columnIndex] ?? "";
    yield fields.length > 0
      ? { line: item.info.lines, raw, fields: recordFields(item.record, fields) }
      : { line: item.info.lines, raw };
  }
}

/** csv-parse's reason for refusing a file, without the record it quotes. */
export function csvErrorReason(e: unknown): string {
  const code = (e as { code?: string }).code;
  if (code === "CSV_MAX_RECORD_SIZE")
    return `a record is longer than ${csvRecordLimit().toLocaleString("en")} bytes (CSV_MAX_RECORD_BYTES)`;
  const message = errorMessage(e);
  return message.length > 200 ? `${message.slice(0, 200)}…` : message;
}
