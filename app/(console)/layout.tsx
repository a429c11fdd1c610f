import { NavLink } from "@/components/shell/NavLink";
import { Sidebar } from "@/components/shell/Sidebar";
import { requirePageUser } from "@/lib/auth/current-user";
import { hasRole } from "@/lib/auth/roles";
import { signOutAction } from "../login/actions";

export const dynamic = "force-dynamic";

export default async function ConsoleLayout({ children }: { children: React.ReactNode }) {
  const user = await requirePageUser("viewer");
  return (
    <div className="flex min-h-screen flex-col md:flex-row">
      <Sidebar
        title={
          <div>
            <div className="text-xs uppercase tracking-wide text-slate-400">Administration › Channels › SMS</div>
            <div className="font-semibold">SMS routing console</div>
          </div>
        }
      >
        <nav className="space-y-1" aria-label="Main">
          <NavLink href="/">Traffic</NavLink>
          <NavLink href="/accounts">SMS accounts</NavLink>
          <NavLink href="/insms">Incoming SMS</NavLink>
          <NavLink href="/deliveries">Deliveries</NavLink>
          <NavLink href="/quarantine">Quarantine</NavLink>
          <NavLink href="/receipts">Unmatched receipts</NavLink>
          {hasRole(user.role, "admin") ? <NavLink href="/users">Users</NavLink> : null}
          <NavLink href="/settings/tokens">API tokens</NavLink>
        </nav>
        <div className="mt-8 border-t border-slate-200 pt-4 text-xs text-slate-500">
          <div data-testid="current-user">{user.email}</div>
          <div className="mb-2">role: {user.role}</div>
          <form action={signOutAction}>
            <button type="submit" className="btn w-full justify-center">
              Sign out
            </button>
          </form>
        </div>
      </Sidebar>
      <main className="min-w-0 flex-1 p-4 md:p-6">{children}</main>
    </div>
  );
}
