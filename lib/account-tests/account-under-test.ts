import "server-only";
/**
 * The settings a Test connection / Test send runs with: the saved account, or the unsaved form values posted in the
 * body (validated by the shared routing-account schema). A password left out of the form keeps the stored one, as a
 * save would.
 */
import { getAccount, getAccountSecrets } from "@/lib/accounts/repository";
import { parseRoutingAccount, type RoutingAccount } from "@/lib/accounts/schema";
import type { AccountSecrets } from "@/lib/accounts/session-settings";

export type AccountUnderTest =
  | { ok: true; accountId: string; account: RoutingAccount; secrets: AccountSecrets }
  | { ok: false; status: 404 | 422; code: string; message: string; fields?: Record<string, string> };

function hasFormValues(body: unknown): body is Record<string, unknown> {
  return !!body && typeof body === "object" && !Array.isArray(body) && "connection" in body;
}

/** The id a Test connection of a form not saved yet runs under: it writes no trace file and no audit entry. */
export const UNSAVED_ACCOUNT = "unsaved";

/**
 * The settings of a new account's form, not saved yet (POST /api/v1/accounts/test-connection): its passwords are the
 * ones typed. Verbose traces stay off so that nothing is written under an account that does not exist.
 */
export function unsavedAccountUnderTest(body: unknown): AccountUnderTest {
  const parsed = parseRoutingAccount(body);
  if (!parsed.ok)
    return { ok: false, status: 422, code: "validation_failed", message: "Some settings are not valid", fields: parsed.fields };
  const a = parsed.value;
  return {
    ok: true,
    accountId: UNSAVED_ACCOUNT,
    account: { ...a, connection: { ...a.connection, verboseTraces: false } },
    secrets: {
      password: typeof a.connection.password === "string" ? a.connection.password : "",
      receiverPassword: typeof a.connection.receiver?.password === "string" ? a.connection.receiver.password : null,
    },
  };
}

export async function accountUnderTest(accountId: string, body: unknown = null): Promise<AccountUnderTest> {
  const stored = await getAccount(accountId);
  const secrets = stored ? await getAccountSecrets(accountId) : null;
  if (!stored || !secrets) return { ok: false, status: 404, code: "not_found", message: "No such routing account" };
  if (!hasFormValues(body)) return { ok: true, accountId, account: stored, secrets };

  const parsed = parseRoutingAccount(body);
  if (!parsed.ok)
    return { ok: false, status: 422, code: "validation_failed", message: "Some settings are not valid", fields: parsed.fields };
  const c = parsed.value.connection;
  return {
    ok: true,
    accountId,
    account: parsed.value,
    secrets: {
      password: typeof c.password === "string" ? c.password : secrets.password,
      receiverPassword: typeof c.receiver?.password === "string" ? c.receiver.password : secrets.receiverPassword,
    },
  };
}
