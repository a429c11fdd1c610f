import { CursorPager } from "@/components/shell/CursorPager";
import { ActionForm } from "@/components/shell/ActionForm";
import Link from "next/link";
import { listAccounts } from "@/lib/accounts/repository";
import { requirePageUser } from "@/lib/auth/current-user";
import { hasRole } from "@/lib/auth/roles";
import { REASON_TEXT } from "@/lib/receipts/explain";
import { unmatchedListSchema } from "@/lib/receipts/schema";
import { listUnmatchedReceipts, type UnmatchedItem } from "@/lib/receipts/unmatched";
import { matchAgainAction } from "./actions";
import { AccountOptions } from "@/components/shell/AccountOptions";
import { TableHead } from "@/components/shell/TableHead";

export const dynamic = "force-dynamic";

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v)?.trim() || undefined;

const FORMAT_LABEL: Record<string, string> = {
  asIs: "As is",
  decimal: "Decimal",
  hexNumber: "Hex number",
  hexString: "Hex string",
};

function age(seconds: number): string {
  if (seconds < 120) return `${seconds} s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} min`;
  if (seconds < 172_800) return `${Math.round(seconds / 3600)} h`;
  return `${Math.round(seconds / 86_400)} days`;
}

/** Status reports that matched no MT, with why and what each id format would have made of the id. */
export default async function UnmatchedReceiptsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const user = await requirePageUser("viewer");
  const canMatch = hasRole(user.role, "operator");
  const sp = await searchParams;
  const parsed = unmatchedListSchema.safeParse({ accountId: one(sp.accountId), cursor: one(sp.cursor) });
  const query = parsed.success ? parsed.data : {};
  const [accounts, page] = await Promise.all([listAccounts(), listUnmatchedReceipts({ ...query, limit: 50 })]);
  const link = (extra: Record<string, string>) =>
    `/receipts?${new URLSearchParams({ ...(query.accountId ? { accountId: query.accountId } : {}), ...extra })}`;

  return (
    <div className="max-w-6xl space-y-4">
      <div>
        <h1 className="text-xl font-semibold">Unmatched receipts</h1>
        <p className="text-sm text-slate-600">
          Status reports whose id matched no MT. Each is read again with its account’s current settings: when another “ID format
          in the SR” would match, fix it on the account, then match again.
        </p>
      </div>
      <div className="card">
        <form method="get" action="/receipts" className="flex items-end gap-2 border-b border-slate-200 p-3">
          <div className="flex-1">
            <label htmlFor="receipts-account">SMS account</label>
            <select id="receipts-account" name="accountId" defaultValue={query.accountId ?? ""} className="input mt-1">
              <AccountOptions accounts={accounts} all="All accounts" />
            </select>
          </div>
          <button className="btn">Show</button>
        </form>
        <div className="flex items-center justify-between border-b border-slate-200 p-3 text-sm">
          <span data-testid="unmatched-total">{page.total.toLocaleString("en")} unmatched</span>
          {canMatch && query.accountId && page.total > 0 ? (
            <ActionForm action={matchAgainAction}>
              <input type="hidden" name="accountId" value={query.accountId} />
              <button className="btn-primary">Match again</button>
            </ActionForm>
          ) : canMatch && page.total > 0 ? (
            <span className="text-slate-500">Pick an account to match its receipts again.</span>
          ) : null}
        </div>
        {page.items.length === 0 ? (
          <p className="p-8 text-center text-sm text-slate-500" data-testid="unmatched-empty">
            Every status report matched its MT.
          </p>
        ) : (
          <table className="w-full text-sm">
            <TableHead columns={["Account", "Id received → after the id format", "Why", "Each id format", "Age", "Bind"]} />
            <tbody>
              {page.items.map((r) => (
                <UnmatchedRow key={r.id} item={r} />
              ))}
            </tbody>
          </table>
        )}
        <CursorPager cursor={query.cursor} nextCursor={page.nextCursor} href={link} />
      </div>
    </div>
  );
}

function UnmatchedRow({ item: r }: { item: UnmatchedItem }) {
  return (
    <tr data-testid="unmatched-row" className="border-b align-top last:border-0">
      <td className="px-3 py-2">
        <Link href={`/accounts/${r.accountId}`} className="underline">
          {r.accountLabel}
        </Link>
      </td>
      <td className="px-3 py-2 font-mono">
        {r.receivedId ?? "—"} → {r.normalisedId ?? "—"}
        <details className="mt-1 font-sans text-xs text-slate-500">
          <summary>Receipt text</summary>
          <pre className="whitespace-pre-wrap break-all">{r.raw}</pre>
        </details>
      </td>
      <td className="px-3 py-2" data-testid="unmatched-reason">
        {REASON_TEXT[r.reason]}
        {r.refusals > 0 && (
          <p className="text-xs text-slate-500" data-testid="unmatched-refusals">
            Refused {r.refusals} time{r.refusals === 1 ? "" : "s"} (Invalid ID acknowledge count), then acknowledged
          </p>
        )}
      </td>
      <td className="px-3 py-2 text-xs">
        <ul>
          {r.formats.map((f) => (
            <li key={f.format} data-testid={`format-${f.format}`}>
              {FORMAT_LABEL[f.format]}: <span className="font-mono">{f.id}</span>{" "}
              {f.matches ? (
                <strong className="text-emerald-700">matches an MT</strong>
              ) : (
                <span className="text-slate-400">no MT</span>
              )}
            </li>
          ))}
        </ul>
      </td>
      <td className="px-3 py-2 whitespace-nowrap text-slate-600" title={r.receivedAt}>
        {age(r.ageSeconds)}
      </td>
      <td className="px-3 py-2 text-slate-600" data-testid="unmatched-bind">
        {r.bind ? (
          <>
            <span className="whitespace-nowrap">
              {r.bind.role} {r.bind.connectionIndex + 1}
            </span>
            {r.bind.nodeId ? (
              <p className="font-mono text-xs break-all text-slate-400" title="The connector node whose bind received it">
                {r.bind.nodeId}
              </p>
            ) : null}
          </>
        ) : (
          "—"
        )}
      </td>
    </tr>
  );
}
