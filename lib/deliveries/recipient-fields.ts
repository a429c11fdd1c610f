/**
 * A recipient's personalisation cells: the CSV values of the columns the delivery's text names, kept in
 * Recipient.fields as a JSON object. Only those columns are stored, so a wide CSV costs no more than the text needs.
 */
export type FieldColumn = { name: string; index: number };

/** The CSV columns (name and position in the header) that the template's placeholders name; all are in `headers`. */
export function fieldColumns(columns: readonly string[], headers: readonly string[]): FieldColumn[] {
  return columns.map((name) => ({ name, index: headers.indexOf(name) })).filter((c) => c.index >= 0);
}

/** One CSV record's cells for `columns`, as stored (a missing cell is empty). */
export function recordFields(record: readonly string[], columns: readonly FieldColumn[]): Record<string, string> {
  const values: Record<string, string> = {};
  for (const c of columns) values[c.name] = record[c.index] ?? "";
  return values;
}

/** Recipient.fields read back; null when unset or not an object of strings (then every placeholder renders empty). */
export function parseRecipientFields(json: string | null): Record<string, string> | null {
  if (json === null) return null;
  try {
    const value = JSON.parse(json) as unknown;
    if (typeof value !== "object" || value === null || Array.isArray(value)) return null;
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(value)) if (typeof v === "string") out[k] = v;
    return out;
  } catch {
    return null;
  }
}
