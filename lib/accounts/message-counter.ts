/**
 * The account → message counter mapping: which of a routing account's settings the live counter, the delivery form
 * and the API check a text with, and how the console names the encodings. Client-safe.
 */
import type { CountOptions, EncodingName } from "@/lib/smpp/codec/encoding";

/** The encodings as the console names them. */
export const ENCODING_LABEL: Record<EncodingName, string> = {
  gsm7: "GSM 03.38",
  ascii: "ASCII",
  latin1: "Latin-1",
  ucs2: "UCS-2",
};

/** The counter's settings of a routing account (encodings mapping, transliteration, message_payload, max parts). */
export function countOptionsFor(account: {
  smsc: {
    encodings: CountOptions["encodings"];
    messagePayload: boolean;
    maxParts: number;
    maxPartsFrom?: "account" | "delivery";
  };
  channel: { transliteration: boolean };
}): CountOptions {
  const { smsc, channel } = account;
  return {
    encodings: smsc.encodings,
    transliteration: channel.transliteration,
    messagePayload: smsc.messagePayload,
    maxParts: smsc.maxParts,
    maxPartsFrom: smsc.maxPartsFrom ?? "account",
  };
}
