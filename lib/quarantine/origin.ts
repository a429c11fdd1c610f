import { readQualifiedReason } from "@/lib/accounts/error-table";

/**
 * How a number got into quarantine, when its reason tells: the automatic reply to an MO (lib/insms/store.ts writes
 * `MO "STOP…"`), a hard SR error (lib/accounts/error-table.ts writes `SR … (hard…)`), a CSV import. Null otherwise
 * (added by hand or through the API with a free reason). Client-safe.
 */
export const IMPORT_REASON = "CSV import";

export function quarantineOrigin(reason: string): string | null {
  if (reason.startsWith('MO "')) return "Automatic reply to an MO";
  if (readQualifiedReason(reason)?.type === "hard") return "Hard error in a status report";
  if (reason === IMPORT_REASON) return "CSV import";
  return null;
}
