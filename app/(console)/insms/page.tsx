import { fieldErrors } from "@/lib/field-errors";
import { listAccounts } from "@/lib/accounts/repository";
import { requirePageUser } from "@/lib/auth/current-user";
import { INSMS_FILTER_KEYS, INSMS_PAGE_SIZE, inboundSmsFilterSchema, searchValues } from "@/lib/insms/filters";
import { listInboundSms } from "@/lib/insms/query";
import { InboundFilters } from "./InboundFilters";
import { InboundTable } from "./InboundTable";

export const dynamic = "force-dynamic";

export default async function IncomingSmsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await requirePageUser("viewer");
  const sp = await searchParams;
  const values = searchValues(sp, INSMS_FILTER_KEYS);
  const parsed = inboundSmsFilterSchema.safeParse(values);
  const accounts = (await listAccounts()).map((a) => ({ id: a.id, label: a.label }));
  // The page being read (its keyset cursor) is in the URL too, so a reload or a shared link opens the same page.
  const cursor = searchValues(sp, ["cursor"]).cursor;
  const result = parsed.success ? await listInboundSms(parsed.data, { cursor, limit: INSMS_PAGE_SIZE }) : null;
  const query = new URLSearchParams(values).toString();
  const filtered = Object.keys(values).length > 0;

  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-xl font-semibold">Incoming SMS</h1>
        <p className="text-sm text-slate-600">
          MO received by the routing accounts that store them, newest first. Times are in your browser&apos;s time zone (UTC on
          hover); click a row for every field of its PDU.
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
