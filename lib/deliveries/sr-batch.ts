import type { SrErrorQualifier } from "@/lib/accounts/error-table";
import type { SrVerdict } from "@/lib/smpp/codec/status-report";

/** What an SR batch is made of (status-reports.ts on SQLite, status-reports-pg.ts on PostgreSQL). */
export type SrToStore = {
  accountId: string;
  /** Normalised with the account's srIdFormat; null when the receipt carries none. */
  messageId: string | null;
  status: string | null;
  errorCode: string | null;
  verdict: SrVerdict;
  raw: string;
  realtimeKpi: boolean;
  /** The account's error table: names a failed SR's error, and says whether its number goes in quarantine. */
  qualify?: SrErrorQualifier;
  /** The account's "Invalid ID acknowledge count" (lib/receipts/invalid-id-ack.ts); 0 or absent: answer OK. */
  invalidIdAckCount?: number;
  /** The bind it came on; shown with an unmatched receipt (SMSCs deliver receipts on any bind of the system_id). */
  bind?: ReceivingBind;
};

/** A bind slot as BindState names it: role, 0-based connection index, and the connector node that held it. */
export type ReceivingBind = { role: string; connectionIndex: number; nodeId: string | null };

/** `refuse`: answer the deliver_sm with a temporary error (Invalid ID acknowledge count not reached yet). */
export type SrStored = { id: number; matched: boolean; refuse?: boolean };

export type KpiDelta = Map<string, { delivered: number; bounced: number; realtime: boolean }>;

/** Adds to the delivery's counts (a count may go down: a delivered recipient failed by a later part). */
export function countKpi(kpis: KpiDelta, deliveryId: string, realtime: boolean, delivered: number, bounced: number): void {
  const k = kpis.get(deliveryId) ?? { delivered: 0, bounced: 0, realtime };
  k.delivered += delivered;
  k.bounced += bounced;
  kpis.set(deliveryId, k);
}

export type PendingRow = { id: number; messageId: string; status: string; errorCode: string; verdict: SrVerdict };

/** A stored, unmatched SR tried again against the parts known now. */
export function pendingSr(
  accountId: string,
  r: PendingRow,
  opts: { realtimeKpi: boolean; qualify?: SrErrorQualifier },
): Pick<SrToStore, "accountId" | "messageId" | "status" | "errorCode" | "verdict" | "realtimeKpi" | "qualify"> {
  return {
    accountId,
    messageId: r.messageId,
    status: r.status || null,
    errorCode: r.errorCode || null,
    verdict: r.verdict,
    realtimeKpi: opts.realtimeKpi,
    qualify: opts.qualify,
  };
}
