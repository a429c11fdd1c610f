/**
 * PostgreSQL's text cannot hold U+0000, which SQLite stores and an SMSC may send (a GSM "@" decoded as NUL by a
 * careless ESME, a C-string padding). Stored as U+FFFD instead, so that the MO or SR is stored rather than refused
 * again and again (the SMSC would retry it forever).
 */
export function pgText(s: string): string;
export function pgText(s: string | null): string | null;
export function pgText(s: string | null): string | null {
  return s === null || !s.includes("\u0000") ? s : s.replaceAll("\u0000", "\uFFFD");
}

/** An ISO 8601 UTC time for a `timestamp(3)` column (PostgreSQL ignores the Z, so the stored wall time is UTC). */
export function pgTime(d: Date = new Date()): string {
  return d.toISOString();
}
