import Link from "next/link";
import { notFound } from "next/navigation";
import { requirePageUser } from "@/lib/auth/current-user";
import { hasRole } from "@/lib/auth/roles";
import { getDeliveryProgress } from "@/lib/deliveries/repository";
import { DeliveryMonitor } from "./DeliveryMonitor";

export default async function DeliveryPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requirePageUser("viewer");
  const { id } = await params;
  const progress = await getDeliveryProgress(id);
  if (!progress) notFound();
  return (
    <div className="max-w-6xl space-y-6">
      <div className="text-sm text-slate-500">
        <Link href="/deliveries" className="hover:underline">
          Deliveries
        </Link>{" "}
        › {progress.name}
      </div>
      <DeliveryMonitor initial={progress} canCancel={hasRole(user.role, "operator")} />
    </div>
  );
}
