/**
 * Which parts of a long MT ask for a receipt. registered_delivery belongs to each submit_sm (SMPP v3.4 §5.2.17), and
 * an ESME that sets it on the first part only (Adobe, and this console: lib/smpp/submit.ts) gets one receipt per
 * message from an SMSC that reads it part by part. Most SMSCs report every part they accepted instead (each part
 * has its own message id): under `perPart` a part that does not ask takes the registered_delivery of an earlier part
 * of its message, found by system_id, addresses and concatenation reference (UDH IEI 0x00 / 0x08, 3GPP TS 23.040
 * §9.2.3.24.1/.8, or the SAR TLVs, SMPP v3.4 §5.3.2.22-24). A part accepted before the one that asks gets none.
 */
import { ESM_CLASS_UDHI, parseUdh, sarConcat, type ConcatInfo } from "@/lib/smpp/codec/udh";
import type { SmppPdu } from "./node-smpp";

/** Messages whose later parts are still awaited; the oldest are forgotten past this (parts that never came). */
const MAX_OPEN_MESSAGES = 10_000;

/**
 * The concatenation of a submit_sm as node-smpp decoded it: the SAR TLVs, or the UDH that node-smpp splits into its
 * elements (short_message `{udh: [IE octets…]}`), read again by the codec's UDH parser. Null for a single message.
 */
function concatOf(pdu: SmppPdu): ConcatInfo | null {
  const { sar_msg_ref_num, sar_total_segments, sar_segment_seqnum } = pdu;
  const sar = sarConcat({ sar_msg_ref_num, sar_total_segments, sar_segment_seqnum });
  if (sar) return sar;
  if ((Number(pdu.esm_class ?? 0) & ESM_CLASS_UDHI) === 0) return null;
  const udh = (pdu.short_message as { udh?: unknown } | undefined)?.udh;
  if (!Array.isArray(udh)) return null;
  const elements = (udh as Buffer[]).flatMap((ie) => [...ie]);
  return parseUdh(Uint8Array.from([elements.length, ...elements]))?.concat ?? null;
}

export function createPartReceipts() {
  /** Per message: the registered_delivery it asked with, and how many of its parts are still to come. */
  const open = new Map<string, { rd: number; left: number }>();

  /** The registered_delivery (low 2 bits) an accepted submit_sm of `systemId` is answered by. */
  function registeredDelivery(systemId: string | null, pdu: SmppPdu, perPart: boolean): number {
    const own = Number(pdu.registered_delivery ?? 0) & 0x03;
    if (!perPart) return own;
    const concat = concatOf(pdu);
    if (concat === null || concat.total < 2) return own;
    const key = `${systemId}\u0000${pdu.source_addr}\u0000${pdu.destination_addr}\u0000${concat.reference}\u0000${concat.total}`;
    const message = open.get(key);
    if (message) {
      if (own !== 0) message.rd = own;
      if (--message.left <= 0) open.delete(key);
      return message.rd;
    }
    if (own !== 0) {
      open.set(key, { rd: own, left: concat.total - 1 });
      if (open.size > MAX_OPEN_MESSAGES) open.delete(open.keys().next().value!);
    }
    return own;
  }

  return { registeredDelivery };
}
