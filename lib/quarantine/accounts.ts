import "server-only";
import { listStoredAccounts } from "@/lib/accounts/repository";

/**
 * Which routing accounts a quarantine entry stops: an entry's short code applies to the accounts whose
 * channel has that short code (lib/deliveries/recipient-import.ts skips by it), "" to every account.
 */
export type ShortCodeAccounts = (shortCode: string) => string;

export const ALL_ACCOUNTS = "All accounts";
export const NO_ACCOUNT = "No account has this short code";

/** The account labels by short code, read once (a handful of accounts), for a page or a whole export. */
export async function shortCodeAccounts(): Promise<ShortCodeAccounts> {
  const byCode = new Map<string, string[]>();
  for (const a of await listStoredAccounts()) {
    const code = a.channel.shortCode.trim();
    if (code !== "") byCode.set(code, [...(byCode.get(code) ?? []), a.label]);
  }
  return (shortCode) => (shortCode === "" ? ALL_ACCOUNTS : (byCode.get(shortCode)?.join(", ") ?? NO_ACCOUNT));
}
