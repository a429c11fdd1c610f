import { readQualifiedReason } from "@/lib/accounts/error-table";

/**
 * How a number got into quarantine, when its reason tells: the automatic reply to an MO (lib/insms/store.ts writes
 * `MO "STOP…"`), a hard SR error (lib/accounts/error-table.ts writes `SR … (hard…)`). Null otherwise: added by hand, through
 * the API or by an import (whose reason, IMPORT_REASON when the file gives none, says so itself). Client-safe.
 */
export const IMPORT_REASON = "CSV import";

export function quarantineOrigin(reason: string): string | null {
  if (reason.startsWith('MO "')) return "Automatic reply to an MO";
  if (readQualifiedReason(reason)?.type === "hard") return "Hard error in a status report";
  return null;
}
