/**
 * Status reports the simulator sends back: which outcome each message gets, and the deliver_sm that carries it
 * (receipt text of SMPP v3.4 Appendix B, esm_class 0x04, receipted_message_id and message_state TLVs §5.3.2.12/§5.3.2.35).
 */
import { formatReceiptText } from "@/lib/smpp/codec/receipt-text";
import type { ReceiptStat } from "./types";

/** message_state (§5.2.28) of each final state. */
export const MESSAGE_STATE: Readonly<Record<ReceiptStat, number>> = {
  DELIVRD: 2,
  EXPIRED: 3,
  DELETED: 4,
  UNDELIV: 5,
  ACCEPTD: 6,
  UNKNOWN: 7,
  REJECTD: 8,
};

/**
 * Outcomes in exact proportion to their weights (smooth weighted round robin): {DELIVRD: 3, UNDELIV: 1} gives exactly
 * 3 DELIVRD and 1 UNDELIV in every 4 receipts, so tests can count them without randomness.
 */
export function createOutcomePicker(weights: Partial<Record<ReceiptStat, number>> | undefined) {
  const entries = Object.entries(weights ?? {}).filter(([, w]) => typeof w === "number" && w > 0) as [ReceiptStat, number][];
  if (entries.length === 0) entries.push(["DELIVRD", 1]);
  const total = entries.reduce((sum, [, w]) => sum + w, 0);
  const current = entries.map(() => 0);
  return function pick(): ReceiptStat {
    let best = 0;
    for (let i = 0; i < entries.length; i++) {
      current[i] += entries[i][1];
      if (current[i] > current[best]) best = i;
    }
    current[best] -= total;
    return entries[best][0];
  };
}

export type SubmittedMessage = {
  messageId: string;
  textId: string;
  sourceAddr: string;
  sourceTon: number;
  sourceNpi: number;
  destinationAddr: string;
  destinationTon: number;
  destinationNpi: number;
  text: string;
  submittedAt: Date;
};

/** deliver_sm fields (node-smpp names) of the receipt for `m`. */
export function receiptFields(m: SubmittedMessage, stat: ReceiptStat, errorCode: number): Record<string, unknown> {
  const text = formatReceiptText({
    id: m.textId,
    stat,
    err: stat === "DELIVRD" ? 0 : errorCode,
    submitDate: m.submittedAt,
    doneDate: new Date(),
    text: m.text,
  });
  return {
    // The receipt travels from the handset back to the ESME: addresses swapped.
    source_addr_ton: m.destinationTon,
    source_addr_npi: m.destinationNpi,
    source_addr: m.destinationAddr,
    dest_addr_ton: m.sourceTon,
    dest_addr_npi: m.sourceNpi,
    destination_addr: m.sourceAddr,
    esm_class: 0x04,
    data_coding: 0,
    // formatReceiptText quotes the MT in the characters GSM 03.38, ASCII and Latin-1 share: the same octets
    // whichever alphabet the ESME reads data_coding 0 as.
    short_message: Buffer.from(text, "ascii"),
    receipted_message_id: m.messageId,
    message_state: MESSAGE_STATE[stat],
  };
}
