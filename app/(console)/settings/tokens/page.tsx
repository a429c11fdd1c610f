import { ConfirmSubmit } from "@/components/shell/ConfirmSubmit";
import { requirePageUser } from "@/lib/auth/current-user";
import { listApiTokens } from "@/lib/auth/users";
import { deleteTokenAction } from "./actions";
import { CreateTokenForm } from "./CreateTokenForm";
import { TableHead } from "@/components/shell/TableHead";

const when = (d: Date) => d.toISOString().slice(0, 16).replace("T", " ");
const expired = (d: Date) => d.getTime() <= Date.now();

export default async function TokensPage() {
  const user = await requirePageUser("viewer");
  const tokens = await listApiTokens(user.id);
  return (
    <div className="max-w-3xl space-y-6">
      <h1 className="text-xl font-semibold">API tokens</h1>
      <p className="text-sm text-slate-600">
        Send a token as <code>Authorization: Bearer &lt;token&gt;</code>. It acts with your role ({user.role}), or only reads
        (GET) when read-only. Only a hash is stored.
      </p>
      <div className="card p-4">
        <CreateTokenForm />
      </div>
      <div className="card">
        {tokens.length === 0 ? (
          <p className="p-6 text-center text-sm text-slate-500">No API tokens yet.</p>
        ) : (
          <table className="w-full text-sm">
            <TableHead columns={["Name", "Scope", "Created", "Expires", "Last used", ""]} />
            <tbody>
              {tokens.map((t) => (
                <tr key={t.id} className="border-b last:border-0" data-testid="token-row">
                  <td className="px-4 py-2">{t.name}</td>
                  <td className="px-4 py-2">{t.scope === "read" ? "read-only" : "full"}</td>
                  <td className="px-4 py-2">{when(t.createdAt)}</td>
                  <td className="px-4 py-2">
                    {t.expiresAt ? (
                      <span className={expired(t.expiresAt) ? "text-red-700" : undefined}>
                        {when(t.expiresAt)}
                        {expired(t.expiresAt) ? " (expired)" : ""}
                      </span>
                    ) : (
                      "never"
                    )}
                  </td>
                  <td className="px-4 py-2" data-testid="token-last-used">
                    {t.lastUsedAt ? when(t.lastUsedAt) : "never"}
                  </td>
                  <td className="px-4 py-2 text-right">
                    <form action={deleteTokenAction}>
                      <input type="hidden" name="id" value={t.id} />
                      <ConfirmSubmit
                        confirm={{
                          title: "Revoke token",
                          message: `Revoke the token “${t.name}”? Programs using it are refused from now on.`,
                          confirmLabel: "Revoke",
                          danger: true,
                        }}
                      >
                        Revoke
                      </ConfirmSubmit>
                    </form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </div>
  );
}
