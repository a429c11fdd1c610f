/**
 * The receipt text SMSCs put in deliver_sm short_message (SMPP v3.4 Appendix B):
 * `id:IIIIIIIIII sub:SSS dlvrd:DDD submit date:YYMMDDhhmm done date:YYMMDDhhmm stat:DDDDDDD err:E text:…`.
 * Used by the simulator to answer like a real SMSC and by tests; `parseStatusReport` reads it back.
 */
import { GSM7_BASIC } from "./gsm7-alphabet";
import { transliterateTo } from "./transliteration";

export type ReceiptFields = {
  id: string;
  /** DELIVRD, EXPIRED, DELETED, UNDELIV, ACCEPTD, UNKNOWN, REJECTD, ENROUTE. */
  stat: string;
  /** Network or SMSC error code, written on 3 digits. */
  err?: number | string;
  submitDate?: Date;
  doneDate?: Date;
  submitted?: number;
  delivered?: number;
  /** The MT's text: its first 20 characters are quoted, see `receiptTextQuote`. */
  text?: string;
};

const pad = (n: number, width: number) => String(n).padStart(width, "0");

/** `YYMMDDhhmm` in UTC. */
export function receiptDate(d: Date): string {
  return (
    pad(d.getUTCFullYear() % 100, 2) +
    pad(d.getUTCMonth() + 1, 2) +
    pad(d.getUTCDate(), 2) +
    pad(d.getUTCHours(), 2) +
    pad(d.getUTCMinutes(), 2)
  );
}

/**
 * Printable characters that are the same octet in GSM 03.38 (unpacked), ASCII and Latin-1: a receipt sent under
 * data_coding 0 ("SMSC default alphabet") reads the same whichever of the three the ESME takes it for.
 */
const SAME_IN_EVERY_DEFAULT_ALPHABET: ReadonlySet<string> = new Set(
  Array.from({ length: 0x7f - 0x20 }, (_, i) => String.fromCharCode(0x20 + i)).filter(
    (ch) => GSM7_BASIC[ch.charCodeAt(0)] === ch,
  ),
);
const fitsEveryAlphabet = (ch: string) => SAME_IN_EVERY_DEFAULT_ALPHABET.has(ch);

/**
 * The `text:` of a receipt: the first 20 characters of the MT (code points: a surrogate pair is never split),
 * transliterated into the characters GSM 03.38, ASCII and Latin-1 share (é → e, “ → "), anything else as "?".
 * So a UCS-2 MT gives no NUL and no garbled octets, which ESMEs reading short_message as a C string would cut at.
 */
export function receiptTextQuote(text: string): string {
  const first = Array.from(text).slice(0, 20).join("");
  let out = "";
  for (const ch of transliterateTo(first, fitsEveryAlphabet)) out += fitsEveryAlphabet(ch) ? ch : "?";
  return out.slice(0, 20);
}

export function formatReceiptText(f: ReceiptFields): string {
  const now = new Date();
  const delivered = f.delivered ?? (f.stat === "DELIVRD" ? 1 : 0);
  const err = typeof f.err === "number" ? pad(f.err, 3) : (f.err ?? "000");
  return (
    `id:${f.id} sub:${pad(f.submitted ?? 1, 3)} dlvrd:${pad(delivered, 3)} ` +
    `submit date:${receiptDate(f.submitDate ?? now)} done date:${receiptDate(f.doneDate ?? now)} ` +
    `stat:${f.stat} err:${err} text:${receiptTextQuote(f.text ?? "")}`
  );
}
