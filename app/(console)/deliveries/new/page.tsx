import Link from "next/link";
import { requirePageUser } from "@/lib/auth/current-user";
import { deliveryAccountOptions } from "@/lib/deliveries/account-options";
import { NewDeliveryForm } from "./NewDeliveryForm";

export default async function NewDeliveryPage() {
  await requirePageUser("operator");
  const accounts = await deliveryAccountOptions();
  return (
    <div className="max-w-3xl space-y-6">
      <div className="text-sm text-slate-500">
        <Link href="/deliveries" className="hover:underline">
          Deliveries
        </Link>{" "}
        › New delivery
      </div>
      <h1 className="text-xl font-semibold">New delivery</h1>
      {accounts.length === 0 ? (
        <p className="card p-6 text-sm text-slate-600">
          Create an SMS account first (<Link href="/accounts">SMS accounts</Link>).
        </p>
      ) : (
        <NewDeliveryForm accounts={accounts} />
      )}
    </div>
  );
}
