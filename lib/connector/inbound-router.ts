import "server-only";
import type { StoredAccount } from "../accounts/repository";
import type { MoStored, MoToStore } from "../insms/store";
import { COMMAND_STATUS } from "@/lib/smpp/codec/command-status";
import { classifyDeliverSm } from "@/lib/smpp/incoming";
import type { SmppSession } from "@/lib/smpp/session";
import type { SrParser } from "@/lib/smpp/codec/status-report";
import type { InboundMessagePdu } from "@/lib/smpp/pdu-types";
import type { CommitQueue } from "./commit-queue";
import type { ReceivingBind, SrStored, SrToStore } from "../deliveries/status-reports";
import type { SrErrorQualifier } from "../accounts/error-table";
import { errorMessage } from "@/lib/errors";

export type InboundContext = {
  account: StoredAccount;
  parseSr: SrParser;
  qualifySr?: SrErrorQualifier;
  moQueue: CommitQueue<MoToStore, MoStored>;
  srQueue: CommitQueue<SrToStore, SrStored>;
  /** The bind the PDU came on (stored with its SR and its MO). */
  bind?: ReceivingBind;
  log?: (message: string) => void;
  /** Sends an automatic reply (after the MO's commit). */
  reply: (to: string, from: string, text: string) => void;
};

/**
 * One deliver_sm / data_sm of a receiving bind: an SR goes to the SR queue, an MO to the MO queue, and the PDU is
 * answered once its transaction has committed — OK, or ESME_RX_T_APPN when the database refused it so that the
 * SMSC delivers it again. A body cut short gets generic_nack; one we cannot read at all gets ESME_RX_P_APPN.
 */
export function routeIncoming(ctx: InboundContext, session: SmppSession, pdu: InboundMessagePdu): void {
  const { account } = ctx;
  if (missesMandatoryFields(pdu)) {
    // node-smpp decodes a body cut short without complaint, leaving the missing fields undefined: SMPP v3.4 §2.9
    // wants a generic_nack (the session sends one for a PDU whose command is "unknown"), and the session goes on.
    ctx.log?.(
      `[connector] ${account.internalName}: truncated ${pdu.command} (sequence ${pdu.sequence_number}) answered with generic_nack`,
    );
    session.respond({ ...pdu, command: "unknown" }, COMMAND_STATUS.ESME_RINVCMDLEN);
    return;
  }
  let inbound;
  try {
    inbound = classifyDeliverSm(pdu, account.smsc.encodings);
  } catch (e) {
    // Decoded by node-smpp yet unreadable to us: a permanent error, a retry would fail the same way.
    ctx.log?.(`[connector] ${account.internalName}: unreadable ${pdu.command}: ${errorMessage(e)}`);
    session.respond(pdu, COMMAND_STATUS.ESME_RX_P_APPN);
    return;
  }
  const refuse = (e: unknown) => {
    ctx.log?.(`[connector] ${account.internalName}: ${pdu.command} not stored, answered ESME_RX_T_APPN: ${errorMessage(e)}`);
    session.respond(pdu, COMMAND_STATUS.ESME_RX_T_APPN);
  };
  if (inbound.kind === "receipt") {
    const sr = ctx.parseSr(inbound.text, inbound.tlvs);
    ctx.srQueue
      .push({
        accountId: account.id,
        messageId: sr.id,
        status: sr.status,
        errorCode: sr.error,
        verdict: sr.verdict,
        raw: inbound.text,
        realtimeKpi: account.channel.realtimeKpi,
        qualify: ctx.qualifySr,
        invalidIdAckCount: account.smsc.invalidIdAckCount,
        bind: ctx.bind,
      })
      // An unmatched SR under "Invalid ID acknowledge count" N > 0 is refused N times (the SMSC delivers it again).
      .then((stored) => session.respond(pdu, stored.refuse ? COMMAND_STATUS.ESME_RX_T_APPN : 0), refuse);
    return;
  }
  const mo = inbound;
  ctx.moQueue
    .push({
      accountId: account.id,
      store: account.channel.storeIncomingMo,
      origin: mo.origin,
      destination: mo.destination,
      dataCoding: mo.dataCoding,
      text: mo.text,
      concat: mo.concat,
      pdu: {
        sourceTon: mo.sourceTon,
        sourceNpi: mo.sourceNpi,
        destTon: mo.destinationTon,
        destNpi: mo.destinationNpi,
        esmClass: mo.esmClass,
        bindRole: ctx.bind?.role ?? null,
        bindIndex: ctx.bind?.connectionIndex ?? null,
      },
      rules: account.autoReplies,
    })
    .then((stored) => {
      session.respond(pdu);
      if (stored.reply) ctx.reply(mo.origin, mo.destination, stored.reply.reply);
    }, refuse);
}

/** deliver_sm (SMPP v3.4 §4.6.1) and data_sm (§4.7.1) fields that every well-formed body carries. */
function missesMandatoryFields(pdu: InboundMessagePdu): boolean {
  if (pdu.destination_addr === undefined || pdu.data_coding === undefined || pdu.esm_class === undefined) return true;
  return pdu.command === "deliver_sm" && pdu.short_message === undefined;
}
