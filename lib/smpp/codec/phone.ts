/**
 * Destination numbers (spec "Send full phone number"): validated as international numbers, then sent as digits only
 * (`+33 6 12-34-56-78` → `33612345678`) unless the account sends the full number as typed.
 * Client-safe: the Test send dialog validates as the user types.
 */
import { parsePhoneNumberFromString, validatePhoneNumberLength } from "libphonenumber-js";

export type PhoneResult = { ok: true; number: string } | { ok: false; error: string };

/** Separators people type inside numbers; anything else that is not a digit is refused. */
const SEPARATORS = /[\s\-.()/\u00a0]/g;

/**
 * Validates `raw` as an international number, with `+`, with the `00` international prefix, or as bare digits that
 * start with the country code (what SMSCs expect in destination_addr with TON 0/1).
 * Off `sendFullPhoneNumber`: digits only, without the `00` prefix. On: the trimmed input as typed.
 */
export function normalisePhoneNumber(raw: string, opts: { sendFullPhoneNumber: boolean }): PhoneResult {
  const trimmed = (raw ?? "").trim();
  if (!trimmed) return { ok: false, error: "Phone number is required" };
  const compact = trimmed.replace(SEPARATORS, "");
  const body = compact.startsWith("+") ? compact.slice(1) : compact;
  if (!/^[0-9]+$/.test(body)) {
    return { ok: false, error: "A phone number has digits only (with an optional leading +, spaces and dashes)" };
  }
  const international = body.startsWith("00") ? body.slice(2) : body;
  if (international.length < 6) return { ok: false, error: "Phone number too short" };
  if (international.length > 15) return { ok: false, error: "Phone number too long (at most 15 digits, E.164)" };
  const e164 = `+${international}`;
  const parsed = parsePhoneNumberFromString(e164);
  if (!parsed || !parsed.isPossible()) {
    return { ok: false, error: lengthError(e164) };
  }
  return { ok: true, number: opts.sendFullPhoneNumber ? trimmed : international };
}

function lengthError(e164: string): string {
  switch (validatePhoneNumberLength(e164)) {
    case "INVALID_COUNTRY":
      return "Unknown country code: write the number in international format, country code first (e.g. +33612345678)";
    case "TOO_SHORT":
      return "Phone number too short for its country";
    case "TOO_LONG":
      return "Phone number too long for its country";
    default:
      return "Not a possible phone number for its country";
  }
}

/**
 * The one normal form in which numbers are compared (quarantine, duplicates, MO senders): digits only, without
 * the `00` international prefix, so `+3361…`, `3361…` and `003361…` are the same person.
 */
export function phoneKey(raw: string): string {
  const digits = (raw ?? "").replace(/[^0-9]/g, "");
  return digits.startsWith("00") ? digits.slice(2) : digits;
}
