/**
 * submit_sm and data_sm answers, checked in the order an SMSC does: the bind (ESME_RINVBNDSTS for a receiver), the
 * stallSubmits fault, the per-bind throttle (ESME_RTHROTTLED), forced or scripted refusals, then a message id and,
 * when registered_delivery asks (the part's own, or its message's: receipt-parts.ts), a receipt.
 *
 * Hot path (bench target): one submit_sm costs a counter, an id and node-smpp's response; throttling and faults are
 * each one branch when off.
 */
import { performance } from "node:perf_hooks";
import { COMMAND_STATUS } from "@/lib/smpp/codec/command-status";
import { createMessageIds, type MessageIdFormat } from "./message-ids";
import type { SmppPdu } from "./node-smpp";
import { createRateWindow } from "./rate-window";
import type { ReceiptSender } from "./receipt-sender";
import type { Session } from "./session";
import type { Faults } from "./types";

export function createSubmits(deps: {
  idFormat: MessageIdFormat;
  firstMessageId: number | undefined;
  /** submit_sm per second per bind, 0 for no limit. */
  throttlePerSecond: number;
  faults: () => Faults;
  receipts: Pick<ReceiptSender, "registeredDelivery" | "receiptFor" | "sendBeforeResponse" | "schedule">;
  counters: { submitSm: number; throttled: number };
}) {
  const { faults, receipts, counters } = deps;
  const ids = createMessageIds(deps.idFormat, deps.firstMessageId);
  let throttle = deps.throttlePerSecond;

  /** The throttle window of a new session (each bind has its own, as SMSCs limit per bind). */
  function newRate(): Session["rate"] {
    return throttle > 0 ? createRateWindow(throttle) : null;
  }

  /** A new limit starts every open session with an empty window. */
  function setThrottle(perSecond: number, sessions: Iterable<Session>): void {
    throttle = perSecond;
    for (const s of sessions) s.rate = newRate();
  }

  function answerSubmit(s: Session, pdu: SmppPdu): void {
    if (s.mode === null || s.mode === "receiver") {
      s.smpp.send(pdu.response({ command_status: COMMAND_STATUS.ESME_RINVBNDSTS }));
      return;
    }
    const f = faults();
    if (f.stallSubmits) return;
    if (s.rate !== null && !s.rate.tryTake(performance.now())) {
      counters.throttled++;
      s.smpp.send(pdu.response({ command_status: COMMAND_STATUS.ESME_RTHROTTLED }));
      return;
    }
    const status = f.submitStatus || f.refuseSubmits?.[String(pdu.destination_addr ?? "")]?.shift();
    if (status) {
      s.smpp.send(pdu.response({ command_status: status }));
      return;
    }
    s.submits++;
    counters.submitSm++;
    const messageId = ids.next();
    const rd = receipts.registeredDelivery(s, pdu);
    const receipt = rd === 0 ? null : receipts.receiptFor(s, pdu, messageId, rd);
    if (receipt === null) {
      s.smpp.send(pdu.response({ message_id: messageId }));
      return;
    }
    const respond = () => s.smpp.send(pdu.response({ message_id: messageId }));
    if (f.receiptBeforeResponse && receipts.sendBeforeResponse(receipt, respond)) return;
    respond();
    receipts.schedule(receipt);
  }

  return { newRate, setThrottle, answerSubmit };
}
