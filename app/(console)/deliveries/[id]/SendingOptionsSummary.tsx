import type { DeliveryProgress } from "@/lib/deliveries/schema";
import { TRANSMISSION_MODE_LABELS, type TransmissionMode } from "@/lib/smpp/codec/transmission-mode";

/** One line under the text: how the delivery's MT go on the wire and how soft errors are retried. */
export function SendingOptionsSummary({ options: o }: { options: DeliveryProgress["options"] }) {
  const parts = [
    TRANSMISSION_MODE_LABELS[o.transmissionMode as TransmissionMode] ?? o.transmissionMode,
    o.validUntil ? `valid until ${o.validUntil.replace("T", " ").replace(/\.\d+Z$/, " UTC")}` : "SMSC's default validity",
    o.serviceId ? `service ID ${o.serviceId}` : null,
    o.maxParts !== null ? `at most ${o.maxParts} SMS` : null,
    o.optionalTlvs.length > 0 ? `TLVs ${o.optionalTlvs.map((t) => t.tag).join(", ")}` : null,
    o.retryCount > 0 ? `soft errors retried ${o.retryCount} × every ${o.retryPeriodSeconds} s` : "no retries",
  ].filter(Boolean);
  return (
    <p className="mt-1 text-xs text-slate-500" data-testid="sending-options">
      {parts.join(" · ")}
    </p>
  );
}
