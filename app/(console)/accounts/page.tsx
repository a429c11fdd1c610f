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

function formatTime(d: Date): string {
  return d.toISOString().slice(0, 16).replace("T", " ") + " UTC";
}

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
      <div className="card overflow-x-auto">
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
          <table className="w-full text-sm" aria-label="SMS accounts">
            <thead className="border-b bg-slate-50 text-left text-slate-500">
              <tr>
                <th className="px-4 py-2">Label</th>
                <th className="px-4 py-2">Internal name</th>
                <th className="px-4 py-2">Server</th>
                <th className="px-4 py-2">Mode</th>
                <th className="px-4 py-2">TLS</th>
                <th className="px-4 py-2">Enabled</th>
                <th className="px-4 py-2">Live state</th>
                <th className="px-4 py-2">Last change</th>
                {admin ? <th className="px-4 py-2" /> : null}
              </tr>
            </thead>
            <tbody>
              {accounts.map((a) => (
                <tr key={a.id} className="border-b last:border-0" data-testid="account-row">
                  <td className="px-4 py-2 font-medium">
                    <Link href={`/accounts/${a.id}`} className="text-indigo-700 hover:underline">
                      {a.label}
                    </Link>
                  </td>
                  <td className="px-4 py-2 font-mono text-xs">{a.internalName}</td>
                  <td className="px-4 py-2 font-mono text-xs">
                    {a.host}:{a.port}
                  </td>
                  <td className="px-4 py-2">{MODE_LABEL[a.mode] ?? a.mode}</td>
                  <td className="px-4 py-2">{a.tls ? "TLS" : "plain"}</td>
                  <td className="px-4 py-2">{a.enabled ? "Yes" : "No"}</td>
                  <td className="px-4 py-2">
                    {a.enabled ? (
                      <BindStateBadge accountId={a.id} initial={live.get(a.id) ?? null} />
                    ) : (
                      <span className="text-xs text-slate-500">disabled</span>
                    )}
                  </td>
                  <td className="px-4 py-2 whitespace-nowrap text-xs text-slate-500">{formatTime(a.updatedAt)}</td>
                  {admin ? (
                    <td className="px-4 py-2 text-right">
                      <AccountRowActions id={a.id} label={a.label} enabled={a.enabled} lastTest={lastTestView(tests.get(a.id))} />
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
