import { CreateUserForm } from "@/components/users/CreateUserForm";
import { UserAuditLog } from "@/components/users/UserAuditLog";
import { UserRowActions } from "@/components/users/UserRowActions";
import { requirePageUser } from "@/lib/auth/current-user";
import { listUserAudit, listUsers } from "@/lib/auth/user-admin";
import { TableHead } from "@/components/shell/TableHead";

export const metadata = { title: "Users" };

const when = (d: Date | null) => (d ? d.toISOString().slice(0, 16).replace("T", " ") + " UTC" : "never");

export default async function UsersPage() {
  const user = await requirePageUser("admin");
  const [users, audit] = await Promise.all([listUsers(), listUserAudit()]);
  return (
    <div className="max-w-6xl space-y-5">
      <h1 className="text-xl font-semibold">Users</h1>
      <section className="card p-5" aria-labelledby="new-user-title">
        <h2 id="new-user-title" className="mb-3 text-base font-semibold">
          Add a user
        </h2>
        <CreateUserForm />
      </section>
      <div className="card overflow-x-auto">
        <table className="w-full text-sm" aria-label="Users">
          <TableHead columns={["E-mail", "State", "Last sign-in", ["Role and actions", "text-right"]]} />
          <tbody>
            {users.map((u) => (
              <tr key={u.id} className="border-b align-top last:border-0" data-testid="user-row">
                <td className="px-4 py-2 font-medium">
                  {u.email}
                  {u.id === user.id ? <span className="ml-1 text-xs text-slate-500">(you)</span> : null}
                </td>
                <td className="px-4 py-2 text-xs" data-testid="user-state">
                  {u.disabled ? (
                    <span className="rounded bg-slate-100 px-1.5 py-0.5 text-slate-600">disabled</span>
                  ) : (
                    <span className="rounded bg-emerald-50 px-1.5 py-0.5 text-emerald-700">active</span>
                  )}
                  {u.mustChangePassword ? <div className="mt-1 text-amber-700">new password at next sign-in</div> : null}
                </td>
                <td className="px-4 py-2 text-xs whitespace-nowrap text-slate-500">{when(u.lastSignInAt)}</td>
                <td className="px-4 py-2">
                  <UserRowActions id={u.id} email={u.email} role={u.role} disabled={u.disabled} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <UserAuditLog entries={audit} />
    </div>
  );
}
