import "server-only";
/**
 * Waits for the status report of a test MT on the session that sent it (or the pair's receiver), read with the
 * account's SR regexes, id formats and the receipted_message_id / message_state TLVs. Only our receipt is
 * acknowledged: any other deliver_sm (an MO, or an SR meant for the live connector) gets a temporary error so that
 * the SMSC delivers it again elsewhere instead of it being lost to a test.
 */
import type { RoutingAccount } from "@/lib/accounts/schema";
import { COMMAND_STATUS } from "@/lib/smpp/codec/command-status";
import { classifyDeliverSm } from "@/lib/smpp/incoming";
import type { InboundMessagePdu, SmppSession } from "@/lib/smpp/session";
import { compileSrParser, type SrParser, type SrVerdict } from "@/lib/smpp/codec/status-report";
import type { TestReceipt } from "./answers";

type Seen = {
  pdu: InboundMessagePdu;
  text: string;
  id: string | null;
  status: string | null;
  error: string | null;
  verdict: SrVerdict;
  answered: boolean;
};

export class ReceiptWatch {
  private readonly seen: Seen[] = [];
  private readonly parse: SrParser;
  private wanted: string | null = null;
  private wake: (() => void) | null = null;
  private readonly started = performance.now();

  constructor(
    private readonly session: SmppSession,
    private readonly account: RoutingAccount,
  ) {
    this.parse = compileSrParser(account.smsc);
    session.on("deliver_sm", this.onDeliver);
    session.on("data_sm", this.onDeliver);
  }

  private readonly onDeliver = (pdu: InboundMessagePdu): void => {
    const incoming = classifyDeliverSm(pdu, this.account.smsc.encodings);
    if (incoming.kind !== "receipt") {
      this.session.respond(pdu, COMMAND_STATUS.ESME_RX_T_APPN);
      return;
    }
    const sr = this.parse(incoming.text, incoming.tlvs);
    this.seen.push({
      pdu,
      text: incoming.text,
      id: sr.id,
      status: sr.status,
      error: sr.error,
      verdict: sr.verdict,
      answered: false,
    });
    this.answerKnown();
    this.wake?.();
  };

  /** Once our id is known: ours are acknowledged, the others refused for now. */
  private answerKnown(): void {
    if (this.wanted === null) return;
    for (const s of this.seen) {
      if (s.answered) continue;
      s.answered = true;
      this.session.respond(s.pdu, s.id === this.wanted ? COMMAND_STATUS.ESME_ROK : COMMAND_STATUS.ESME_RX_T_APPN);
    }
  }

  /** Resolves with the first final SR (delivered or error) for `messageId` (normalised with mtIdFormat), or a timeout. */
  async waitFor(messageId: string, waitMs: number): Promise<TestReceipt> {
    this.wanted = messageId;
    this.answerKnown();
    const deadline = performance.now() + waitMs;
    let last: Seen | null = null;
    for (;;) {
      const mine = this.seen.filter((s) => s.id === messageId);
      last = mine[mine.length - 1] ?? last;
      const final = mine.find((s) => s.verdict !== "intermediate");
      if (final) return this.receipt(final, true);
      const left = deadline - performance.now();
      if (left <= 0 || this.session.closed) break;
      // Woken by a new receipt, the session's close, or the end of the wait.
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          this.session.off("close", done);
          this.wake = null;
          resolve();
        };
        const timer = setTimeout(done, left);
        this.session.once("close", done);
        this.wake = done;
      });
    }
    if (last) return this.receipt(last, false);
    const why = this.session.closed ? `the session closed (${this.session.closeInfo?.reason})` : `none within ${waitMs / 1000} s`;
    return {
      received: false,
      status: null,
      error: null,
      delivered: false,
      verdict: "none",
      raw: null,
      messageId: null,
      ms: this.ms(),
      detail: `No status report for message id ${messageId}: ${why}`,
    };
  }

  private receipt(s: Seen, final: boolean): TestReceipt {
    const delivered = s.verdict === "delivered";
    const detail = final
      ? delivered
        ? `Delivered: status ${s.status}${s.error ? `, error ${s.error}` : ""}`
        : `Bounced: status ${s.status ?? "?"}${s.error ? `, error ${s.error}` : ""}`
      : `Only an intermediate status report came (${s.status ?? "no status"}); no final one in time`;
    return {
      received: final,
      status: s.status,
      error: s.error,
      delivered,
      verdict: s.verdict,
      raw: s.text,
      messageId: s.id,
      ms: this.ms(),
      detail,
    };
  }

  private ms(): number {
    return Math.round(performance.now() - this.started);
  }

  /** Refuses (temporarily) what was not answered and stops listening. */
  stop(): void {
    this.session.off("deliver_sm", this.onDeliver);
    this.session.off("data_sm", this.onDeliver);
    for (const s of this.seen) {
      if (s.answered) continue;
      s.answered = true;
      this.session.respond(s.pdu, COMMAND_STATUS.ESME_RX_T_APPN);
    }
  }
}
