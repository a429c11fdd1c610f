/**
 * Status reports on their way to the ESME: which MT gets one (registered_delivery, the scripted or weighted outcome),
 * what it quotes of the MT, when it is sent (after `delayMs`, or before the submit_sm_resp under the
 * receiptBeforeResponse fault) and to which receiver, and what happens when that receiver does not acknowledge it:
 * kept and sent again, as an SMSC keeps receipts until an ESME takes them. Also the on-demand `pushReceipt`.
 */
import { commandStatusName } from "@/lib/smpp/codec/command-status";
import type { Binds } from "./binds";
import { convertMessageId, type MessageIdFormat } from "./message-ids";
import { addressTonNpi } from "./mo";
import type { SmppPdu } from "./node-smpp";
import { createPartReceipts } from "./receipt-parts";
import { createReceiptQueue, type PendingReceipt } from "./receipt-queue";
import { createOutcomePicker, receiptFields, type SubmittedMessage } from "./receipts";
import { request, requestAndWait, type Session } from "./session";
import type { ReceiptOptions, ReceiptRequest } from "./types";

/** How long a receipt answered with a non-zero deliver_sm_resp waits before it is sent again. */
const RECEIPT_RETRY_MS = 1000;

/**
 * The text of a short_message or message_payload as node-smpp decoded it (`{udh, message}`). An empty
 * short_message (sm_length 0, the text being in message_payload) is `{message: ""}`, not undefined.
 */
function messageText(field: unknown): string {
  const message = (field as { message?: unknown } | undefined)?.message;
  return typeof message === "string" ? message : "";
}

export function createReceiptSender(deps: {
  binds: Pick<Binds, "receiverFor" | "waitForReceiver">;
  idFormat: MessageIdFormat;
  initial: ReceiptOptions | undefined;
  counters: { receiptsSent: number };
}) {
  const { binds, idFormat, counters } = deps;
  let receipts: ReceiptOptions = {};
  let pickOutcome = createOutcomePicker(deps.initial?.outcomes);
  setReceipts({ ...deps.initial });

  const parts = createPartReceipts();
  const queue = createReceiptQueue((r) => {
    const target = binds.receiverFor(r);
    if (target) send(target, r);
    return target !== null;
  });

  function setReceipts(next: ReceiptOptions): void {
    receipts = { ...receipts, ...next };
    // Copied: the script is used up as MT come, the caller's object stays as it was.
    if (next.script) receipts.script = Object.fromEntries(Object.entries(next.script).map(([to, list]) => [to, [...list]]));
    if (next.outcomes) pickOutcome = createOutcomePicker(receipts.outcomes);
  }

  /** What an accepted submit_sm asks for: its registered_delivery, or its message's (receipt-parts.ts). */
  function registeredDelivery(s: Session, pdu: SmppPdu): number {
    return parts.registeredDelivery(s.systemId, pdu, receipts.perPart !== false);
  }

  /**
   * The receipt of an accepted MT whose registered_delivery (`rd`, its low 2 bits, non-zero) asks for one, or null
   * when its outcome is not one it asks for.
   */
  function receiptFor(s: Session, pdu: SmppPdu, messageId: string, rd: number): PendingReceipt | null {
    const scripted = receipts.script?.[String(pdu.destination_addr ?? "")]?.shift();
    const stat = scripted?.stat ?? pickOutcome();
    // registered_delivery 2 = receipt on failure only, 3 = on success only (SMPP v3.4 §5.2.17, v5.0).
    const wanted = rd === 1 || (rd === 2 && stat !== "DELIVRD") || (rd === 3 && stat === "DELIVRD");
    if (!wanted) return null;
    return {
      systemId: s.systemId,
      preferSession: s.id,
      fields: receiptFields(submittedMessage(pdu, messageId), stat, scripted?.errorCode ?? receipts.errorCode ?? 1),
      due: 0,
    };
  }

  function submittedMessage(pdu: SmppPdu, messageId: string): SubmittedMessage {
    const text = messageText(pdu.short_message) || messageText(pdu.message_payload);
    const textFormat = receipts.textIdFormat && receipts.textIdFormat !== "same" ? receipts.textIdFormat : idFormat;
    return {
      messageId,
      textId: convertMessageId(messageId, idFormat, textFormat),
      sourceAddr: String(pdu.source_addr ?? ""),
      sourceTon: Number(pdu.source_addr_ton ?? 0),
      sourceNpi: Number(pdu.source_addr_npi ?? 0),
      destinationAddr: String(pdu.destination_addr ?? ""),
      destinationTon: Number(pdu.dest_addr_ton ?? 0),
      destinationNpi: Number(pdu.dest_addr_npi ?? 0),
      text,
      submittedAt: new Date(),
    };
  }

  /**
   * The receiptBeforeResponse fault: the receipt goes now and `respond` (the submit_sm_resp) once its deliver_sm_resp
   * came. False, nothing sent, when no receiver is bound.
   */
  function sendBeforeResponse(r: PendingReceipt, respond: () => void): boolean {
    const target = binds.receiverFor(r);
    if (!target) return false;
    send(target, r, respond);
    return true;
  }

  function schedule(r: PendingReceipt): void {
    queue.schedule(r, receipts.delayMs ?? 0);
  }

  function send(target: Session, r: PendingReceipt, after?: () => void): void {
    const sent = request(target, "deliver_sm", r.fields, {
      onResponse: (status) => {
        if (status === 0) counters.receiptsSent++;
        else if (status === null) queue.keep(r);
        else queue.schedule(r, RECEIPT_RETRY_MS);
        after?.();
        if (status === null) queue.flush();
      },
    });
    if (!sent) {
      queue.keep(r);
      after?.();
    }
  }

  /** Sends one receipt for any id, now, and resolves with the deliver_sm_resp status. */
  async function pushReceipt(req: ReceiptRequest): Promise<{ status: number; statusName: string; session: number }> {
    const target = await binds.waitForReceiver(req.systemId, req.session, req.waitForBindMs ?? 5000);
    const stat = req.stat ?? "DELIVRD";
    const handset = addressTonNpi(req.from ?? "33600000000");
    const sender = addressTonNpi(req.to ?? "SIM");
    const fields = receiptFields(
      {
        messageId: req.messageId,
        textId: req.messageId,
        sourceAddr: req.to ?? "SIM",
        sourceTon: sender.ton,
        sourceNpi: sender.npi,
        destinationAddr: req.from ?? "33600000000",
        destinationTon: handset.ton,
        destinationNpi: handset.npi,
        text: req.text ?? "",
        submittedAt: new Date(),
      },
      stat,
      req.errorCode ?? 1,
    );
    const status = await requestAndWait(target, "deliver_sm", fields, req.responseTimeoutMs ?? 10_000);
    return { status, statusName: commandStatusName(status), session: target.id };
  }

  return {
    setReceipts,
    registeredDelivery,
    receiptFor,
    sendBeforeResponse,
    schedule,
    pushReceipt,
    /** Tries the receipts no receiver took again (a receiver just bound). */
    flush: queue.flush,
    pending: queue.pending,
    stop: queue.stop,
  };
}

export type ReceiptSender = ReturnType<typeof createReceiptSender>;
