/**
 * Typed PDUs for the commands the session handles by name: the deliver_sm / data_sm it hands to its listeners,
 * and the header-only record it traces for a PDU it could not decode. Fields are node-smpp's names and types (its
 * `lib/defs`), short_message and message_payload the octets on the wire (see `decodePdu` in wire-pdu.ts). Every
 * body field is optional: node-smpp decodes a body cut short without complaint, leaving the rest out.
 */
import type { Pdu } from "./wire-pdu";

/** The mandatory fields deliver_sm and data_sm share (SMPP v3.4 §4.6.1, §4.7.1), and the TLVs we read. */
export interface InboundMessageFields {
  service_type?: string;
  source_addr_ton?: number;
  source_addr_npi?: number;
  source_addr?: string;
  dest_addr_ton?: number;
  dest_addr_npi?: number;
  destination_addr?: string;
  esm_class?: number;
  registered_delivery?: number;
  data_coding?: number;
  message_payload?: Buffer;
  receipted_message_id?: string;
  message_state?: number;
  sar_msg_ref_num?: number;
  sar_total_segments?: number;
  sar_segment_seqnum?: number;
}

export interface DeliverSmPdu extends Pdu, InboundMessageFields {
  command: "deliver_sm";
  protocol_id?: number;
  priority_flag?: number;
  schedule_delivery_time?: string;
  validity_period?: string;
  replace_if_present_flag?: number;
  sm_default_msg_id?: number;
  sm_length?: number;
  short_message?: Buffer;
}

export interface DataSmPdu extends Pdu, InboundMessageFields {
  command: "data_sm";
}

/** An MO or a status report from the SMSC. */
export type InboundMessagePdu = DeliverSmPdu | DataSmPdu;
export type InboundCommand = InboundMessagePdu["command"];

/** deliver_sm and data_sm are decoded by node-smpp's layout of their command, which gives these field types. */
export function isInboundMessage(pdu: Pdu): pdu is InboundMessagePdu {
  return pdu.command === "deliver_sm" || pdu.command === "data_sm";
}

/** A PDU whose body could not be decoded (or was refused unread): its header, for traces. */
export interface MalformedPdu extends Pdu {
  command: "malformed";
}

export function malformedPdu(bytes: Buffer): MalformedPdu {
  return {
    command: "malformed",
    command_length: bytes.readUInt32BE(0),
    command_id: bytes.readUInt32BE(4),
    command_status: bytes.readUInt32BE(8),
    sequence_number: bytes.readUInt32BE(12),
  };
}
