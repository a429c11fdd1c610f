import "server-only";
import { db } from "@/lib/db";
import { dataCodingName, esmClassName, npiName, tonName } from "@/lib/smpp/codec/field-names";
import { toInboundSmsItem, type InboundSmsItem } from "./query";

/**
 * One incoming SMS with every field stored from its deliver_sm, the numeric ones also by name (SMPP v3.4 §5.2:
 * `"1 international"`), and its account: what the detail page and `GET /api/v1/insms/{id}` show.
 */
export interface InboundSmsDetail extends InboundSmsItem {
  /** The deliver_sm's fields (null on rows stored before they were kept); the list answers only the spec's fields. */
  sourceTon: number | null;
  sourceNpi: number | null;
  destTon: number | null;
  destNpi: number | null;
  esmClass: number | null;
  /** 1 for a single SMS, n for a concatenated MO joined from n segments. */
  parts: number | null;
  /** The bind it came on (the last segment's for a joined MO): transceiver or receiver, and its connection index. */
  bindRole: string | null;
  bindIndex: number | null;
  account: { id: string; label: string; internalName: string };
  names: {
    sourceTon: string | null;
    sourceNpi: string | null;
    destTon: string | null;
    destNpi: string | null;
    dataCoding: string | null;
    esmClass: string | null;
  };
}

/** The row with this id, or null when there is none. */
export async function getInboundSmsDetail(id: number): Promise<InboundSmsDetail | null> {
  const row = await db.inboundSms.findUnique({
    where: { id },
    include: { account: { select: { id: true, label: true, internalName: true } } },
  });
  if (!row) return null;
  const { account, ...sms } = row;
  return {
    ...toInboundSmsItem(sms),
    sourceTon: sms.sourceTon,
    sourceNpi: sms.sourceNpi,
    destTon: sms.destTon,
    destNpi: sms.destNpi,
    esmClass: sms.esmClass,
    parts: sms.parts,
    bindRole: sms.bindRole,
    bindIndex: sms.bindIndex,
    account,
    names: {
      sourceTon: tonName(sms.sourceTon),
      sourceNpi: npiName(sms.sourceNpi),
      destTon: tonName(sms.destTon),
      destNpi: npiName(sms.destNpi),
      dataCoding: dataCodingName(sms.dataCoding),
      esmClass: esmClassName(sms.esmClass),
    },
  };
}
