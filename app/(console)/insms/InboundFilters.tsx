import Link from "next/link";
import { AccountOptions } from "@/components/shell/AccountOptions";

// A plain GET form: the filters live in the URL, so a filtered view can be bookmarked and the export keeps them.
export function InboundFilters({
  values,
  accounts,
  errors,
}: {
  values: Record<string, string>;
  accounts: { id: string; label: string }[];
  errors: Record<string, string>;
}) {
  const field = (name: string) => `input mt-1${errors[name] ? " input-error" : ""}`;
  const error = (name: string) =>
    errors[name] ? (
      <p className="field-error" id={`${name}-error`}>
        {errors[name]}
      </p>
    ) : null;
  return (
    <form method="get" action="/insms" className="grid grid-cols-1 gap-3 md:grid-cols-6 md:items-end" aria-label="Filters">
      <div>
        <label htmlFor="f-account">Account</label>
        <select id="f-account" name="accountId" defaultValue={values.accountId ?? ""} className={field("accountId")}>
          <AccountOptions accounts={accounts} all="All accounts" />
        </select>
        {error("accountId")}
      </div>
      <div>
        <label htmlFor="f-origin">Sender</label>
        <input
          id="f-origin"
          name="origin"
          defaultValue={values.origin ?? ""}
          placeholder="+33 6 12 34 56 78"
          maxLength={40}
          className={field("origin")}
          aria-describedby={errors.origin ? "origin-error" : undefined}
        />
        {error("origin")}
      </div>
      <div>
        <label htmlFor="f-q">Text contains</label>
        <input
          id="f-q"
          name="q"
          defaultValue={values.q ?? ""}
          placeholder="STOP"
          maxLength={100}
          className={field("q")}
          aria-describedby={errors.q ? "q-error" : undefined}
        />
        {error("q")}
      </div>
      <div>
        <label htmlFor="f-since">From</label>
        <input
          id="f-since"
          name="since"
          type="date"
          defaultValue={values.since?.slice(0, 10) ?? ""}
          className={field("since")}
          aria-describedby={errors.since ? "since-error" : undefined}
        />
        {error("since")}
      </div>
      <div>
        <label htmlFor="f-until">To (included)</label>
        <input
          id="f-until"
          name="until"
          type="date"
          defaultValue={values.until?.slice(0, 10) ?? ""}
          className={field("until")}
          aria-describedby={errors.until ? "until-error" : undefined}
        />
        {error("until")}
      </div>
      <div className="flex gap-2">
        <button type="submit" className="btn-primary">
          Apply
        </button>
        <Link href="/insms" className="btn">
          Clear
        </Link>
      </div>
    </form>
  );
}
