import Link from "next/link";
import { requirePageUser } from "@/lib/auth/current-user";
import { hasRole } from "@/lib/auth/roles";
import { listDeliveries } from "@/lib/deliveries/repository";
import { StatusBadge } from "./StatusBadge";
import { TableHead } from "@/components/shell/TableHead";

export default async function DeliveriesPage() {
  const user = await requirePageUser("viewer");
  const deliveries = await listDeliveries();
  return (
    <div className="max-w-6xl space-y-6">
      <div className="flex items-center justify-between">
        <h1 className="text-xl font-semibold">Deliveries</h1>
        {hasRole(user.role, "operator") && (
          <Link href="/deliveries/new" className="btn-primary">
            New delivery
          </Link>
        )}
      </div>
      <div className="card overflow-x-auto">
        {deliveries.length === 0 ? (
          <p className="p-6 text-center text-sm text-slate-500">No delivery yet.</p>
        ) : (
          <table className="w-full text-sm">
            <TableHead
              columns={[
                "Name",
                "Created",
                "Account",
                "Text",
                "Status",
                ["Processed", "text-right"],
                ["Sent", "text-right"],
                ["Delivered", "text-right"],
                ["Bounces + errors", "text-right"],
                ["Skipped", "text-right"],
              ]}
            />
            <tbody>
              {deliveries.map((d) => (
                <tr key={d.id} className="border-b last:border-0 hover:bg-slate-50">
                  <td className="max-w-xs truncate px-4 py-2" title={d.name}>
                    <Link href={`/deliveries/${d.id}`} className="text-indigo-700 hover:underline">
                      {d.name}
                    </Link>
                  </td>
                  <td className="px-4 py-2 whitespace-nowrap">
                    {d.createdAt.toISOString().slice(0, 16).replace("T", " ")}
                    {d.scheduledAt && d.status === "scheduled" && (
                      <div className="text-xs text-slate-500">
                        starts {d.scheduledAt.toISOString().slice(0, 16).replace("T", " ")}
                      </div>
                    )}
                  </td>
                  <td className="px-4 py-2">{d.accountLabel}</td>
                  <td className="max-w-xs truncate px-4 py-2" title={d.text}>
                    {d.text}
                  </td>
                  <td className="px-4 py-2">
                    <StatusBadge status={d.status} />
                  </td>
                  <td className="px-4 py-2 text-right tabular-nums">
                    {d.processed.toLocaleString("en")} / {d.total.toLocaleString("en")}
                  </td>
                  <td className="px-4 py-2 text-right tabular-nums">{d.sent.toLocaleString("en")}</td>
                  <td className="px-4 py-2 text-right tabular-nums">{d.delivered.toLocaleString("en")}</td>
                  <td className="px-4 py-2 text-right tabular-nums">{d.bouncesAndErrors.toLocaleString("en")}</td>
                  <td className="px-4 py-2 text-right tabular-nums">{d.skipped.toLocaleString("en")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </div>
  );
}
