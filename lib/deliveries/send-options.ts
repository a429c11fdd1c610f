import "server-only";
/**
 * A delivery's sending options as the dispatcher applies them to each MT: the account's TLV table and
 * Service ID tag with the delivery's own TLVs and "Service or program ID", the transmission mode, the validity period
 * (absolute), the "Maximum number of SMS per message" and the soft-error retry policy.
 */
import { db } from "@/lib/db";
import type { StoredAccount } from "@/lib/accounts/repository";
import { optionalTlvsSchema, wireTlvs, type OptionalTlv, type WireTlv } from "@/lib/accounts/optional-tlvs";
import { TRANSMISSION_MODES, type TransmissionMode } from "@/lib/smpp/codec/transmission-mode";
import { DEFAULT_RETRY_COUNT, DEFAULT_RETRY_PERIOD_SECONDS } from "./schema";

export type DeliverySendOptions = {
  serviceId: string;
  transmissionMode: TransmissionMode;
  validUntil: Date | null;
  maxParts: number | null;
  optionalTlvs: OptionalTlv[];
  retryCount: number;
  retryPeriodSeconds: number;
};

export const DEFAULT_SEND_OPTIONS: DeliverySendOptions = {
  serviceId: "",
  transmissionMode: "normal",
  validUntil: null,
  maxParts: null,
  optionalTlvs: [],
  retryCount: DEFAULT_RETRY_COUNT,
  retryPeriodSeconds: DEFAULT_RETRY_PERIOD_SECONDS,
};

/** The stored options of a delivery (defaults when the row is gone or a column holds something unreadable). */
export async function loadSendOptions(deliveryId: string): Promise<DeliverySendOptions> {
  const d = await db.delivery.findUnique({
    where: { id: deliveryId },
    select: {
      serviceId: true,
      transmissionMode: true,
      validUntil: true,
      maxParts: true,
      optionalTlvs: true,
      retryCount: true,
      retryPeriod: true,
    },
  });
  if (!d) return DEFAULT_SEND_OPTIONS;
  const tlvs = storedTlvs(d.optionalTlvs);
  return {
    serviceId: d.serviceId,
    transmissionMode: (TRANSMISSION_MODES as readonly string[]).includes(d.transmissionMode)
      ? (d.transmissionMode as TransmissionMode)
      : "normal",
    validUntil: d.validUntil,
    maxParts: d.maxParts,
    optionalTlvs: tlvs,
    retryCount: d.retryCount,
    retryPeriodSeconds: d.retryPeriod,
  };
}

/** The TLV table of a delivery row (JSON written by createDelivery from a validated table; anything else is ignored). */
export function storedTlvs(json: string): OptionalTlv[] {
  try {
    const parsed = optionalTlvsSchema.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : [];
  } catch {
    return [];
  }
}

/** The vendor TLVs of every MT of the delivery: the account's table, the delivery's, then the Service ID. */
export function deliveryWireTlvs(account: StoredAccount, options: DeliverySendOptions): WireTlv[] {
  return wireTlvs({
    account: account.smsc.optionalTlvs,
    delivery: options.optionalTlvs,
    serviceIdTag: account.smsc.serviceIdTag,
    serviceId: options.serviceId,
  });
}

/** The account's settings with the delivery's "Maximum number of SMS per message" when it sets one. */
export function withDeliveryMaxParts<A extends { smsc: StoredAccount["smsc"] }>(account: A, maxParts: number | null): A {
  if (maxParts === null) return account;
  return { ...account, smsc: { ...account.smsc, maxParts, maxPartsFrom: "delivery" as const } };
}
