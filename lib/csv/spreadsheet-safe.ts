import { stringify } from "csv-stringify/sync";

/**
 * CSV injection (OWASP "CSV Injection"): a spreadsheet opening a CSV runs a cell that starts with `=`, `+`, `-` or `@`
 * as a formula (`=HYPERLINK(...)`, `=cmd|' /C calc'!A0`), and a leading tab or CR can hide such a start. Every CSV the
 * app writes goes through here, and such a cell gets a leading `'`, which spreadsheets show as text.
 *
 * One exception, so that phone numbers stay usable: a cell that is only a number (`+33612345678`, `-12`, digits and
 * spaces after one sign) is left as it is: a formula made of a number computes nothing and calls nothing, and a
 * `'` in front would make every international number differ from the one in the database.
 */
const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[+-]?\d[\d ]*$/;

export function spreadsheetSafeCell(value: string): string {
  return FORMULA_START.test(value) && !PLAIN_NUMBER.test(value) ? `'${value}` : value;
}

/** Rows as CSV text (RFC 4180 quoting), every string cell made spreadsheet-safe. */
export function spreadsheetSafeCsv(rows: unknown[][]): string {
  return stringify(rows, { cast: { string: spreadsheetSafeCell } });
}
