import Link from "next/link";
import { AutoRefresh } from "@/components/shell/AutoRefresh";
import { AccountTrafficCard } from "@/components/traffic/AccountTrafficCard";
import { requirePageUser } from "@/lib/auth/current-user";
import { readTrafficOverview } from "@/lib/traffic/overview";

export const metadata = { title: "Traffic at a glance" };

export default async function HomePage() {
  await requirePageUser("viewer");
  const overview = await readTrafficOverview();
  return (
    <div className="max-w-7xl space-y-4">
      <AutoRefresh seconds={15} />
      <div>
        <h1 className="text-xl font-semibold">Traffic at a glance</h1>
        <p className="text-sm text-slate-500">Per account: live binds, and the last 24 hours per minute. Refreshed every 15 s.</p>
      </div>
      {overview.accounts.length === 0 ? (
        <div className="card p-10 text-center text-sm text-slate-500" data-testid="traffic-no-accounts">
          No SMS routing account yet.{" "}
          <Link href="/accounts" className="text-indigo-700 hover:underline">
            SMS accounts
          </Link>
        </div>
      ) : (
        overview.accounts.map((a) => <AccountTrafficCard key={a.id} a={a} start={overview.window.start} />)
      )}
    </div>
  );
}
