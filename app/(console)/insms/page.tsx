import { fieldErrors } from "@/lib/field-errors";
import { listAccounts } from "@/lib/accounts/repository";
import { requirePageUser } from "@/lib/auth/current-user";
import { INSMS_PAGE_SIZE, inboundSmsFilterSchema } from "@/lib/insms/filters";
import { listInboundSms } from "@/lib/insms/query";
import { InboundFilters } from "./InboundFilters";
import { InboundTable } from "./InboundTable";

export const dynamic = "force-dynamic";

const FILTER_KEYS = ["accountId", "origin", "q", "since", "until"] as const;

export default async function IncomingSmsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await requirePageUser("viewer");
  const sp = await searchParams;
  const values: Record<string, string> = {};
  for (const key of FILTER_KEYS) {
    const v = sp[key];
    const one = Array.isArray(v) ? v[0] : v;
    if (one && one.trim() !== "") values[key] = one.trim();
  }
  const parsed = inboundSmsFilterSchema.safeParse(values);
  const accounts = (await listAccounts()).map((a) => ({ id: a.id, label: a.label }));
  // The page being read (its keyset cursor) is in the URL too, so a reload or a shared link opens the same page.
  const cursorParam = Array.isArray(sp.cursor) ? sp.cursor[0] : sp.cursor;
  const cursor = cursorParam && cursorParam.trim() !== "" ? cursorParam.trim() : undefined;
  const result = parsed.success ? await listInboundSms(parsed.data, { cursor, limit: INSMS_PAGE_SIZE }) : null;
  const query = new URLSearchParams(values).toString();
  const filtered = Object.keys(values).length > 0;

  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-xl font-semibold">Incoming SMS</h1>
        <p className="text-sm text-slate-600">
          MO received by the routing accounts that store them, newest first. Times are UTC.
        </p>
      </div>
      <div className="card p-4">
        <InboundFilters values={values} accounts={accounts} errors={parsed.success ? {} : fieldErrors(parsed.error, "query")} />
      </div>
      {result?.ok ? (
        <InboundTable
          key={query}
          initial={result.page}
          initialCursor={cursor ?? null}
          query={query}
          accounts={accounts}
          filtered={filtered}
        />
      ) : (
        <p className="card p-6 text-center text-sm text-slate-500">
          {result && !result.ok && result.fields.cursor
            ? "This page link is no longer valid: open the first page again."
            : "Fix the filters above to see the messages."}
        </p>
      )}
    </div>
  );
}
