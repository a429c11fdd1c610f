/**
 * Names of the numeric address and message fields of a PDU, as SMPP v3.4 writes them, for people reading a stored MO:
 * `"1 international"`, `"0x40 UDH indicator"`. Pure and client-safe.
 */

/** type_of_number, SMPP v3.4 §5.2.5. */
const TON: Record<number, string> = {
  0: "unknown",
  1: "international",
  2: "national",
  3: "network specific",
  4: "subscriber number",
  5: "alphanumeric",
  6: "abbreviated",
};

/** numbering_plan_indicator, SMPP v3.4 §5.2.6. */
const NPI: Record<number, string> = {
  0: "unknown",
  1: "ISDN (E.163/E.164)",
  3: "data (X.121)",
  4: "telex (F.69)",
  6: "land mobile (E.212)",
  8: "national",
  9: "private",
  10: "ERMES",
  14: "internet (IP)",
  18: "WAP client id",
};

/** data_coding, SMPP v3.4 §5.2.19 (values 0x00–0x0E). */
const DATA_CODING: Record<number, string> = {
  0: "SMSC default alphabet (GSM 03.38)",
  1: "IA5 (ASCII)",
  2: "8-bit binary",
  3: "Latin-1 (ISO-8859-1)",
  4: "8-bit binary",
  5: "JIS (X 0208-1990)",
  6: "Cyrillic (ISO-8859-5)",
  7: "Latin/Hebrew (ISO-8859-8)",
  8: "UCS-2 (ISO/IEC-10646)",
  9: "pictogram",
  10: "ISO-2022-JP (music codes)",
  13: "extended Kanji JIS (X 0212-1990)",
  14: "KS C 5601",
};

const named = (table: Record<number, string>, value: number | null | undefined): string | null => {
  if (value === null || value === undefined) return null;
  return `${value} ${table[value] ?? "reserved"}`;
};

export const tonName = (ton: number | null | undefined): string | null => named(TON, ton);
export const npiName = (npi: number | null | undefined): string | null => named(NPI, npi);

const GSM_ALPHABET = ["GSM 03.38", "8-bit data", "UCS-2", "reserved alphabet"];

/**
 * A data_coding by name: SMPP's own values, then the GSM coding groups of 3GPP TS 23.038 §4 that SMSCs pass on
 * (0x10–0x7F general data coding with its alphabet and message class, 0xC0–0xEF message waiting indication,
 * 0xF0–0xFF data coding / message class).
 */
export function dataCodingName(dataCoding: number | null | undefined): string | null {
  if (dataCoding === null || dataCoding === undefined) return null;
  const hex = `0x${dataCoding.toString(16).toUpperCase().padStart(2, "0")}`;
  if (DATA_CODING[dataCoding]) return `${dataCoding} ${DATA_CODING[dataCoding]}`;
  if (dataCoding >= 0x10 && dataCoding <= 0x7f) {
    const alphabet = GSM_ALPHABET[(dataCoding >> 2) & 0x03];
    const messageClass = dataCoding & 0x10 ? `, message class ${dataCoding & 0x03}` : "";
    const compressed = dataCoding & 0x20 ? ", compressed" : "";
    const deletion = dataCoding & 0x40 ? ", marked for automatic deletion" : "";
    return `${dataCoding} (${hex}) ${alphabet}${messageClass}${compressed}${deletion}`;
  }
  if (dataCoding >= 0xc0 && dataCoding <= 0xef) return `${dataCoding} (${hex}) message waiting indication`;
  if (dataCoding >= 0xf0) {
    const alphabet = dataCoding & 0x04 ? "8-bit data" : "GSM 03.38";
    return `${dataCoding} (${hex}) ${alphabet}, message class ${dataCoding & 0x03}`;
  }
  return `${dataCoding} (${hex}) reserved`;
}

/** esm_class message type bits 5–2 of a deliver_sm, SMPP v3.4 §5.2.12. */
const ESM_TYPE: Record<number, string> = {
  0x00: "normal message",
  0x04: "SMSC delivery receipt",
  0x08: "SME delivery acknowledgement",
  0x10: "SME manual/user acknowledgement",
  0x18: "conversation abort",
  0x20: "intermediate delivery notification",
};

/** An esm_class by its bits: `"0x40 normal message, UDH indicator"`. */
export function esmClassName(esmClass: number | null | undefined): string | null {
  if (esmClass === null || esmClass === undefined) return null;
  const hex = `0x${esmClass.toString(16).toUpperCase().padStart(2, "0")}`;
  const parts = [ESM_TYPE[esmClass & 0x3c] ?? "reserved message type"];
  if (esmClass & 0x40) parts.push("UDH indicator");
  if (esmClass & 0x80) parts.push("reply path");
  return `${hex} ${parts.join(", ")}`;
}
