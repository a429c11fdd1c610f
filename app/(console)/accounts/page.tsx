import Link from "next/link";
import { Breadcrumb } from "@/components/accounts/Breadcrumb";
import { AccountRowActions } from "@/components/accounts/AccountRowActions";
import { BindStateBadge } from "@/components/accounts/live/BindStateBadge";
import { NewAccountMenu } from "@/components/accounts/NewAccountMenu";
import { lastTests, lastTestView } from "@/lib/account-tests/last-test";
import { listAccounts } from "@/lib/accounts/repository";
import { readAccountStatuses, type PublishedStatus } from "@/lib/bind-state/read";
import { requirePageUser } from "@/lib/auth/current-user";
import { hasRole } from "@/lib/auth/roles";

export const metadata = { title: "SMS accounts" };

const MODE_LABEL: Record<string, string> = { transceiver: "Transceiver", transmitterReceiver: "Transmitter + receiver" };

/** The published bind states when the page is drawn; the badges then poll. Empty (badges poll at once) if unreadable. */
async function liveStatuses(accounts: { id: string; enabled: boolean }[]): Promise<Map<string, PublishedStatus>> {
  try {
    return new Map((await readAccountStatuses(accounts)).map((s) => [s.accountId, s]));
  } catch {
    return new Map();
  }
}

const formatDay = (d: Date) => d.toISOString().slice(0, 10);
const formatClock = (d: Date) => `${d.toISOString().slice(11, 16)} UTC`;

export default async function AccountsPage({ searchParams }: { searchParams: Promise<{ q?: string }> }) {
  const user = await requirePageUser("viewer");
  const { q = "" } = await searchParams;
  const accounts = await listAccounts({ q });
  const admin = hasRole(user.role, "admin");
  const live = await liveStatuses(accounts.filter((a) => a.enabled));
  const tests = admin ? await lastTests(accounts.map((a) => a.id)) : new Map();
  return (
    <div className="max-w-7xl space-y-4">
      <div>
        <Breadcrumb />
        <div className="flex flex-wrap items-center justify-between gap-3">
          <h1 className="text-xl font-semibold">SMS accounts</h1>
          {admin ? <NewAccountMenu /> : null}
        </div>
      </div>
      <form role="search" className="flex max-w-md gap-2" action="/accounts">
        <label htmlFor="accounts-q" className="sr-only">
          Search by name or server
        </label>
        <input id="accounts-q" name="q" defaultValue={q} className="input" placeholder="Search by name or server" type="search" />
        <button className="btn" type="submit">
          Search
        </button>
      </form>
      <div className="card">
        {accounts.length === 0 ? (
          <div className="p-10 text-center text-sm text-slate-500" data-testid="accounts-empty">
            {q ? (
              <>
                No account matches “{q}”.{" "}
                <Link href="/accounts" className="text-indigo-700 hover:underline">
                  Show all
                </Link>
              </>
            ) : (
              <>
                <p className="mb-2 font-medium text-slate-700">No SMS routing account yet.</p>
                {admin ? <p>Create one from a preset with “New account”.</p> : <p>An admin can create one.</p>}
              </>
            )}
          </div>
        ) : (
          // Fits its card from 1,024 px: the secondary facts share a cell with the main one (internal name
          // under the label, TLS and mode under the server) and the actions are in a menu. Narrower, the columns that
          // the account page repeats go: Enabled and Last change below 1,024 px, Server below 768 px (a phone keeps
          // label, live state and actions).
          <table className="w-full text-sm" aria-label="SMS accounts" data-testid="accounts-table">
            <thead className="border-b bg-slate-50 text-left text-slate-500">
              <tr>
                <th className="px-3 py-2">Account</th>
                <th className="hidden px-3 py-2 md:table-cell">Server</th>
                <th className="hidden px-3 py-2 lg:table-cell">Enabled</th>
                <th className="px-3 py-2">Live state</th>
                <th className="hidden px-3 py-2 lg:table-cell">Last change</th>
                {admin ? (
                  <th className="px-3 py-2">
                    <span className="sr-only">Actions</span>
                  </th>
                ) : null}
              </tr>
            </thead>
            <tbody>
              {accounts.map((a) => (
                <tr key={a.id} className="border-b align-top last:border-0" data-testid="account-row">
                  <td className="px-3 py-2 wrap-anywhere">
                    <Link href={`/accounts/${a.id}`} className="font-medium text-indigo-700 hover:underline">
                      {a.label}
                    </Link>
                    <div className="font-mono text-xs text-slate-500">{a.internalName}</div>
                    <div className="font-mono text-xs text-slate-500 md:hidden">
                      {a.host}:{a.port}
                    </div>
                  </td>
                  <td className="hidden px-3 py-2 wrap-anywhere md:table-cell">
                    <div className="font-mono text-xs">
                      {a.host}:{a.port}
                    </div>
                    <div className="text-xs text-slate-500">
                      {a.tls ? "TLS" : "plain"} · {MODE_LABEL[a.mode] ?? a.mode}
                    </div>
                  </td>
                  <td className="hidden px-3 py-2 lg:table-cell">{a.enabled ? "Yes" : "No"}</td>
                  <td className="px-3 py-2">
                    {a.enabled ? (
                      <BindStateBadge accountId={a.id} initial={live.get(a.id) ?? null} />
                    ) : (
                      <span className="text-xs text-slate-500">disabled</span>
                    )}
                  </td>
                  <td className="hidden px-3 py-2 text-xs text-slate-500 lg:table-cell" title={a.updatedAt.toISOString()}>
                    <div className="whitespace-nowrap">{formatDay(a.updatedAt)}</div>
                    <div className="whitespace-nowrap">{formatClock(a.updatedAt)}</div>
                  </td>
                  {admin ? (
                    <td className="px-3 py-2 text-right">
                      <AccountRowActions
                        id={a.id}
                        label={a.label}
                        enabled={a.enabled}
                        lastTest={lastTestView(tests.get(a.id))}
                        menu
                      />
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </div>
  );
}
