import Link from "next/link";
import { notFound } from "next/navigation";
import { AccountRowActions } from "@/components/accounts/AccountRowActions";
import { AuditLog } from "@/components/accounts/AuditLog";
import { BindHistory } from "@/components/accounts/BindHistory";
import { BindWarnings } from "@/components/accounts/BindWarnings";
import { Breadcrumb } from "@/components/accounts/Breadcrumb";
import { LiveStatusPanel } from "@/components/accounts/live/LiveStatusPanel";
import { SettingsSummary } from "@/components/accounts/SettingsSummary";
import { TestConnectionPanel } from "@/components/accounts/tests/TestConnectionPanel";
import { TestSendDialog } from "@/components/accounts/tests/TestSendDialog";
import { TraceViewer } from "@/components/accounts/traces/TraceViewer";
import { lastTests, lastTestView } from "@/lib/account-tests/last-test";
import { getAccount, listAudit } from "@/lib/accounts/repository";
import { requirePageUser } from "@/lib/auth/current-user";
import { readBindHistory, readBindWarnings } from "@/lib/bind-state/history";
import { hasRole } from "@/lib/auth/roles";
import { countOptionsFor } from "@/lib/accounts/message-counter";

export default async function AccountPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<{ history?: string }>;
}) {
  const user = await requirePageUser("viewer");
  const { id } = await params;
  const { history: historyPage } = await searchParams;
  const account = await getAccount(id);
  if (!account) notFound();
  const [audit, history, warnings] = await Promise.all([
    listAudit(id),
    readBindHistory(id, Number(historyPage ?? 1)),
    readBindWarnings(account),
  ]);
  const admin = hasRole(user.role, "admin");
  const operator = hasRole(user.role, "operator");
  const lastTest = admin ? lastTestView((await lastTests([id])).get(id)) : null;
  return (
    <div className="max-w-6xl space-y-5">
      <div>
        <Breadcrumb current={[{ label: account.label }]} />
        <div className="flex flex-wrap items-center gap-3">
          <h1 className="text-xl font-semibold">{account.label}</h1>
          <span className="font-mono text-xs text-slate-500">{account.internalName}</span>
          <span
            data-testid="account-enabled"
            className={`rounded px-1.5 py-0.5 text-xs ${account.enabled ? "bg-emerald-50 text-emerald-700" : "bg-slate-100 text-slate-600"}`}
          >
            {account.enabled ? "Enabled" : "Disabled"}
          </span>
          <div className="ml-auto flex items-center gap-2">
            {operator ? (
              <TestSendDialog
                accountId={id}
                settings={{
                  ...countOptionsFor(account),
                  sendFullPhoneNumber: account.smsc.sendFullPhoneNumber,
                  sourceNumber: account.channel.sourceNumber,
                }}
              />
            ) : null}
            {admin ? <AccountRowActions id={id} label={account.label} enabled={account.enabled} lastTest={lastTest} /> : null}
          </div>
        </div>
      </div>
      <BindWarnings warnings={warnings} />
      <div className="grid grid-cols-1 gap-5 lg:grid-cols-2">
        <LiveStatusPanel accountId={id} />
        {admin ? <TestConnectionPanel accountId={id} /> : null}
      </div>
      <SettingsSummary account={account} />
      {admin ? (
        <p className="text-sm">
          <Link href={`/accounts/${id}/edit`} className="text-indigo-700 hover:underline">
            Edit all settings →
          </Link>
        </p>
      ) : null}
      <BindHistory accountId={id} {...history} />
      <TraceViewer accountId={id} verbose={account.connection.verboseTraces} />
      <AuditLog entries={audit} />
    </div>
  );
}
