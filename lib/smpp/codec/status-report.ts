/**
 * Status reports (SR): the delivery receipt an SMSC sends back in a deliver_sm, read with the account's regexes
 * (spec "SMSC specifics": srIdRegex, srStatusRegex, srErrorRegex, success/error regexes, id formats, TLV options).
 * Client-safe: the account form's SR tester runs the very same code.
 *
 * Hot path (10,000 SR/s): `compileSrParser(settings)` compiles the regexes once; `parseStatusReport` caches the
 * compiled parser per settings object. The regexes run on a linear-time engine (see `./sr-regex`): no receipt can
 * hang the connector or the browser.
 */
import { compileSrRegex, DEFAULT_SR_REGEXES, regexError } from "./sr-regex";

export { DEFAULT_SR_REGEXES };

/** How a message id is compared between an MT and its SR (see `normaliseMessageId`). */
export const ID_FORMATS = ["asIs", "decimal", "hexNumber", "hexString"] as const;
export type IdFormat = (typeof ID_FORMATS)[number];

/** How the receipts of one SMSC are read (a routing account's `smsc` settings fit). */
export type SrSettings = {
  srIdRegex: string;
  srStatusRegex: string;
  srErrorRegex: string;
  srSuccessRegex: string;
  srErrorStatusRegex: string;
  srIdFormat: IdFormat;
  srIdInOptionalField: boolean;
  srIdInTextField: boolean;
};

export type SrVerdict = "delivered" | "error" | "intermediate";

export type StatusReport = {
  /** The receipt's message id, normalised with `srIdFormat` (compare with the MT id normalised with `mtIdFormat`). */
  id: string | null;
  /** The id as extracted, before normalisation. */
  rawId: string | null;
  status: string | null;
  error: string | null;
  verdict: SrVerdict;
};

/** One optional parameter of the deliver_sm, by SMPP tag. */
export type SrTlv = { tag: number; value: string | number | Uint8Array };

/** TLVs as a list, or as a node-smpp PDU / plain object whose keys are TLV names (unknown TLVs keyed by number). */
export type SrTlvInput = readonly SrTlv[] | Readonly<Record<string, unknown>> | null | undefined;

/**
 * SMPP v3.4 §5.3.2 optional parameters by node-smpp name, so that the TLVs of a received PDU can be appended to
 * the SR text by tag. message_payload is left out: it is the message itself, not a parameter of the receipt.
 */
export const SR_TLV_TAGS: Readonly<Record<string, number>> = {
  dest_addr_subunit: 0x0005,
  dest_network_type: 0x0006,
  dest_bearer_type: 0x0007,
  dest_telematics_id: 0x0008,
  source_addr_subunit: 0x000d,
  source_network_type: 0x000e,
  source_bearer_type: 0x000f,
  source_telematics_id: 0x0010,
  qos_time_to_live: 0x0017,
  payload_type: 0x0019,
  additional_status_info_text: 0x001d,
  receipted_message_id: 0x001e,
  ms_msg_wait_facilities: 0x0030,
  privacy_indicator: 0x0201,
  source_subaddress: 0x0202,
  dest_subaddress: 0x0203,
  user_message_reference: 0x0204,
  user_response_code: 0x0205,
  source_port: 0x020a,
  dest_port: 0x020b,
  sar_msg_ref_num: 0x020c,
  language_indicator: 0x020d,
  sar_total_segments: 0x020e,
  sar_segment_seqnum: 0x020f,
  sc_interface_version: 0x0210,
  callback_num_pres_ind: 0x0302,
  callback_num_atag: 0x0303,
  number_of_messages: 0x0304,
  callback_num: 0x0381,
  dpf_result: 0x0420,
  set_dpf: 0x0421,
  ms_availability_status: 0x0422,
  network_error_code: 0x0423,
  delivery_failure_reason: 0x0425,
  more_messages_to_send: 0x0426,
  message_state: 0x0427,
  ussd_service_op: 0x0501,
  display_time: 0x1201,
  sms_signal: 0x1203,
  ms_validity: 0x1204,
  alert_on_message_delivery: 0x130c,
  its_reply_type: 0x1380,
  its_session_info: 0x1383,
};

const MESSAGE_PAYLOAD_TAG = 0x0424;

export const TAG_RECEIPTED_MESSAGE_ID = 0x001e;
export const TAG_MESSAGE_STATE = 0x0427;

/** message_state values (SMPP v3.4 §5.2.28) named so that the default success/error regexes apply to them. */
const MESSAGE_STATE_NAMES: Readonly<Record<number, string>> = {
  0: "SCHEDULED",
  1: "ENROUTE",
  2: "DELIVERED",
  3: "EXPIRED",
  4: "DELETED",
  5: "UNDELIVERABLE",
  6: "ACCEPTED",
  7: "UNKNOWN",
  8: "REJECTED",
  9: "SKIPPED",
};

export function messageStateName(state: number): string | null {
  return MESSAGE_STATE_NAMES[state] ?? null;
}

/**
 * Converts a message id to the form in which MT and SR ids are compared:
 * `asIs`; `decimal` trims spaces and leading zeros ("000123" → "123"); `hexNumber` reads hex and gives decimal
 * ("1A" → "26", any length); `hexString` reads hex pairs as characters ("414243" → "ABC").
 * An id that does not fit its format is returned trimmed, so that it can still match an identical id.
 */
export function normaliseMessageId(id: string, format: IdFormat): string {
  const raw = stripNul(id);
  if (format === "asIs") return raw;
  const s = raw.trim();
  switch (format) {
    case "decimal": {
      const z = s.replace(/^0+/, "");
      return z === "" && s !== "" ? "0" : z;
    }
    case "hexNumber": {
      const h = s.replace(/^0x/i, "");
      if (!/^[0-9a-fA-F]+$/.test(h)) return s;
      return h.length <= 12 ? String(parseInt(h, 16)) : BigInt(`0x${h}`).toString(10);
    }
    case "hexString": {
      if (s.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(s)) return s;
      let out = "";
      for (let i = 0; i < s.length; i += 2) out += String.fromCharCode(parseInt(s.slice(i, i + 2), 16));
      return out;
    }
    default:
      return s;
  }
}

function stripNul(s: string): string {
  let end = s.length;
  while (end > 0 && s.charCodeAt(end - 1) === 0) end--;
  return end === s.length ? s : s.slice(0, end);
}

/** `0x001E` */
export function tlvTagHex(tag: number): string {
  return `0x${tag.toString(16).toUpperCase().padStart(4, "0")}`;
}

function tlvValueText(value: string | number | Uint8Array): string {
  if (typeof value === "string") return stripNul(value);
  if (typeof value === "number") return String(value);
  let printable = true;
  let end = value.length;
  while (end > 0 && value[end - 1] === 0) end--;
  for (let i = 0; i < end; i++) if (value[i] < 0x20 || value[i] > 0x7e) printable = false;
  let out = "";
  if (printable && end > 0) for (let i = 0; i < end; i++) out += String.fromCharCode(value[i]);
  else for (let i = 0; i < value.length; i++) out += value[i].toString(16).toUpperCase().padStart(2, "0");
  return out;
}

/** Normalises the TLV input to a list (keys of a node-smpp PDU that are known TLV names, or numeric tags). */
export function srTlvs(input: SrTlvInput): SrTlv[] {
  if (!input) return [];
  if (Array.isArray(input)) return input as SrTlv[];
  const out: SrTlv[] = [];
  for (const key of Object.keys(input)) {
    // node-smpp keeps a TLV it does not know under its numeric tag.
    const tag = SR_TLV_TAGS[key] ?? (/^\d+$/.test(key) ? Number(key) : undefined);
    if (tag === undefined || tag === MESSAGE_PAYLOAD_TAG) continue;
    const value = (input as Record<string, unknown>)[key];
    if (typeof value === "string" || typeof value === "number" || value instanceof Uint8Array) out.push({ tag, value });
  }
  return out;
}

export type SrParser = (text: string, tlvs?: SrTlvInput) => StatusReport;

const TEXT_FIELD = /\btext:/i;

/** Compiles the account's SR settings once; the returned function parses one receipt. */
export function compileSrParser(settings: Partial<SrSettings>): SrParser {
  const idRe = compileSrRegex(settings.srIdRegex || DEFAULT_SR_REGEXES.srIdRegex);
  const statusRe = compileSrRegex(settings.srStatusRegex || DEFAULT_SR_REGEXES.srStatusRegex);
  const errorRe = compileSrRegex(settings.srErrorRegex || DEFAULT_SR_REGEXES.srErrorRegex);
  const successRe = compileSrRegex(settings.srSuccessRegex || DEFAULT_SR_REGEXES.srSuccessRegex);
  const errorStatusRe = compileSrRegex(settings.srErrorStatusRegex || DEFAULT_SR_REGEXES.srErrorStatusRegex);
  const idFormat: IdFormat = settings.srIdFormat ?? "asIs";
  const inOptionalField = settings.srIdInOptionalField ?? false;
  const inTextField = settings.srIdInTextField ?? false;

  return (text, tlvInput) => {
    let input = text ?? "";
    // The `text:` part quotes the first characters of the MT: an "id:" written by the sender must not be read.
    if (!inTextField) {
      const m = TEXT_FIELD.exec(input);
      if (m) input = input.slice(0, m.index);
    }
    const tlvs = tlvInput ? srTlvs(tlvInput) : [];
    if (inOptionalField) {
      for (const t of tlvs) input += ` ${tlvTagHex(t.tag)}:${tlvValueText(t.value)}`;
    }

    let rawId = idRe.firstGroup(input);
    let status = statusRe.firstGroup(input);
    const error = errorRe.firstGroup(input);

    // SMPP v3.4 §4.6.1: receipts may carry the id and state as TLVs only; use them when the text says nothing.
    if (rawId === null || status === null) {
      for (const t of tlvs) {
        if (rawId === null && t.tag === TAG_RECEIPTED_MESSAGE_ID) rawId = tlvValueText(t.value) || null;
        if (status === null && t.tag === TAG_MESSAGE_STATE) {
          const n = typeof t.value === "number" ? t.value : t.value instanceof Uint8Array ? t.value[0] : Number(t.value);
          status = messageStateName(n);
        }
      }
    }

    const verdict: SrVerdict =
      status === null
        ? "intermediate"
        : successRe.test(status)
          ? "delivered"
          : errorStatusRe.test(status)
            ? "error"
            : "intermediate";
    return { id: rawId === null ? null : normaliseMessageId(rawId, idFormat), rawId, status, error, verdict };
  };
}

const REGEX_FIELDS = ["srIdRegex", "srStatusRegex", "srErrorRegex", "srSuccessRegex", "srErrorStatusRegex"] as const;

/**
 * For the SR tester, which runs on unsaved form values: a regex that does not compile is a field error, not an
 * exception.
 */
export function tryCompileSrParser(
  settings: Partial<SrSettings>,
): { ok: true; parse: SrParser } | { ok: false; field: (typeof REGEX_FIELDS)[number]; error: string } {
  // The account form's own check, so the tester and the field error say the same thing.
  for (const field of REGEX_FIELDS) {
    const error = settings[field] ? regexError(settings[field]) : null;
    if (error) return { ok: false, field, error };
  }
  return { ok: true, parse: compileSrParser(settings) };
}

const PARSERS = new WeakMap<object, SrParser>();

/** Parses one receipt with the account's settings (compiled once per settings object). */
export function parseStatusReport(text: string, tlvs: SrTlvInput, settings: Partial<SrSettings>): StatusReport {
  let parser = PARSERS.get(settings);
  if (!parser) {
    parser = compileSrParser(settings);
    PARSERS.set(settings, parser);
  }
  return parser(text, tlvs);
}
