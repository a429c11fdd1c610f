/**
 * "Transmission mode" of an MT (Adobe Campaign's delivery setting): where the handset shows or keeps it, sent as the
 * dest_addr_subunit TLV (SMPP v3.4 §5.3.2.1: 1 MS display, 2 mobile equipment, 3 SIM), and for Flash also as a
 * message class 0 data_coding where the alphabet has one (GSM 03.38 §4 general data coding group 00x1). Client-safe.
 */
import type { EncodingName } from "./encoding";

export const TRANSMISSION_MODES = ["normal", "flash", "saveOnMobile", "saveOnTerminal"] as const;
export type TransmissionMode = (typeof TRANSMISSION_MODES)[number];

export const TRANSMISSION_MODE_LABELS: Record<TransmissionMode, string> = {
  normal: "Normal",
  flash: "Flash",
  saveOnMobile: "Save on mobile",
  saveOnTerminal: "Save on terminal",
};

/**
 * dest_addr_subunit per mode. Normal is 0 ("unknown", the SMSC's default) and is not sent: the PDU of a normal MT
 * stays what it was before this setting existed, for SMSCs that refuse TLVs they do not expect.
 */
export const DEST_ADDR_SUBUNIT: Record<TransmissionMode, number> = {
  normal: 0,
  flash: 1,
  saveOnMobile: 2,
  saveOnTerminal: 3,
};

/**
 * data_coding of a Flash MT: GSM 03.38 in data_coding 0 becomes 0x10 (GSM 7-bit, class 0), UCS-2 in 8 becomes 0x18
 * (UCS-2, class 0). Other alphabets (ASCII 1, Latin-1 3) and custom mappings have no class bits: unchanged, and the
 * dest_addr_subunit alone says Flash.
 */
export function dataCodingFor(mode: TransmissionMode, encoding: EncodingName, dataCoding: number): number {
  if (mode !== "flash") return dataCoding;
  if (encoding === "gsm7" && dataCoding === 0) return 0x10;
  if (encoding === "ucs2" && dataCoding === 8) return 0x18;
  return dataCoding;
}
