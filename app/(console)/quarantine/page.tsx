import { CursorPager } from "@/components/shell/CursorPager";
import { ActionForm } from "@/components/shell/ActionForm";
import { ConfirmSubmit } from "@/components/shell/ConfirmSubmit";
import { requirePageUser } from "@/lib/auth/current-user";
import { hasRole } from "@/lib/auth/roles";
import { shortCodeAccounts } from "@/lib/quarantine/accounts";
import { quarantineOrigin } from "@/lib/quarantine/origin";
import { listQuarantine } from "@/lib/quarantine/store";
import { removeQuarantineAction } from "./actions";
import { AddQuarantineForm } from "./AddQuarantineForm";
import { ImportQuarantineForm } from "./ImportQuarantineForm";
import { TableHead } from "@/components/shell/TableHead";

export const dynamic = "force-dynamic";

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v)?.trim() || undefined;

export default async function QuarantinePage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const user = await requirePageUser("viewer");
  const canEdit = hasRole(user.role, "operator");
  const sp = await searchParams;
  const q = one(sp.q);
  const cursorText = one(sp.cursor);
  const cursor = cursorText && /^\d+$/.test(cursorText) ? Number(cursorText) : undefined;
  const page = await listQuarantine({ q, cursor, limit: 50 });
  const accountsOf = await shortCodeAccounts();
  const link = (extra: Record<string, string>) => `/quarantine?${new URLSearchParams({ ...(q ? { q } : {}), ...extra })}`;

  return (
    <div className="max-w-5xl space-y-4">
      <div>
        <h1 className="text-xl font-semibold">Quarantine</h1>
        <p className="text-sm text-slate-600">
          The SMS denylist: sends to these numbers are skipped with the reason shown, never submitted. Numbers are kept digits
          only, so +33 6… and 336… are the same entry. A STOP-style automatic reply adds numbers here.
        </p>
      </div>
      {canEdit ? (
        <div className="card space-y-4 p-4">
          <AddQuarantineForm />
          <div className="border-t border-slate-200 pt-4">
            <ImportQuarantineForm />
          </div>
        </div>
      ) : (
        <p className="text-sm text-slate-500">Your role ({user.role}) can read the quarantine; operators and admins change it.</p>
      )}
      <div className="card">
        <form method="get" action="/quarantine" className="flex items-end gap-2 border-b border-slate-200 p-3">
          <div className="flex-1">
            <label htmlFor="qs" className="sr-only">
              Search
            </label>
            <input
              id="qs"
              name="q"
              defaultValue={q ?? ""}
              placeholder="Search a number, short code or reason"
              className="input"
            />
          </div>
          <button className="btn">Search</button>
          <a
            className="btn"
            href={`/api/v1/quarantine/export${q ? `?${new URLSearchParams({ q })}` : ""}`}
            download
            data-testid="quarantine-export"
          >
            Export CSV
          </a>
        </form>
        {page.items.length === 0 ? (
          <p className="p-8 text-center text-sm text-slate-500" data-testid="quarantine-empty">
            {q ? "No quarantined number matches this search." : "No number is in quarantine."}
          </p>
        ) : (
          <table className="w-full text-sm">
            <TableHead columns={["Number", "Short code", "Accounts", "Reason", "Since (UTC)", ...(canEdit ? [""] : [])]} />
            <tbody>
              {page.items.map((e) => (
                <tr key={e.id} data-testid="quarantine-row" className="border-b last:border-0">
                  <td className="px-4 py-2 font-mono">+{e.number}</td>
                  <td className="px-4 py-2">{e.shortCode || <span className="text-slate-400">all</span>}</td>
                  <td className="px-4 py-2 text-slate-600" data-testid="quarantine-accounts">
                    {accountsOf(e.shortCode)}
                  </td>
                  <td className="px-4 py-2 text-slate-600">
                    {quarantineOrigin(e.reason) && (
                      <span
                        className="mr-2 rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-700"
                        data-testid="quarantine-origin"
                      >
                        {quarantineOrigin(e.reason)}
                      </span>
                    )}
                    {e.reason || "—"}
                  </td>
                  <td className="px-4 py-2 whitespace-nowrap text-slate-600">
                    {e.createdAt.toISOString().slice(0, 16).replace("T", " ")}
                  </td>
                  {canEdit && (
                    <td className="px-4 py-2 text-right">
                      <ActionForm action={removeQuarantineAction}>
                        <input type="hidden" name="number" value={e.number} />
                        <input type="hidden" name="shortCode" value={e.shortCode} />
                        <ConfirmSubmit
                          confirm={{
                            title: "Remove from quarantine",
                            message: `Remove +${e.number}${e.shortCode ? ` (short code ${e.shortCode})` : ""} from quarantine? Sends to it will go out again.`,
                            confirmLabel: "Remove",
                          }}
                        >
                          Remove
                        </ConfirmSubmit>
                      </ActionForm>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <CursorPager cursor={cursor} nextCursor={page.nextCursor} href={link} />
      </div>
    </div>
  );
}
