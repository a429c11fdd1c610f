import "server-only";
import { listStoredAccounts } from "@/lib/accounts/repository";
import { type CountOptions } from "@/lib/smpp/codec/encoding";
import { countOptionsFor } from "@/lib/accounts/message-counter";

/** What the new-delivery form needs of each account: its name, default sender and the live counter's settings. */
export type DeliveryAccountOption = {
  id: string;
  label: string;
  enabled: boolean;
  sourceNumber: string;
  counter: CountOptions;
};

export async function deliveryAccountOptions(): Promise<DeliveryAccountOption[]> {
  const accounts = await listStoredAccounts();
  return accounts.map((a) => ({
    id: a.id,
    label: a.label,
    enabled: a.enabled,
    sourceNumber: a.channel.sourceNumber,
    counter: countOptionsFor(a),
  }));
}
