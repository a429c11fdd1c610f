/**
 * Text ↔ SMS octets for the encodings an account may map to a data_coding (spec "Define a specific mapping of
 * encodings"): GSM 03.38 with its extension table, ASCII (IA5), Latin-1 and UCS-2 (UTF-16BE, surrogate pairs kept).
 *
 * Client-safe (the account form's live counter uses it): strings, numbers and Uint8Array only, no Node Buffer.
 *
 * GSM 03.38 goes on the wire UNPACKED: one septet per octet in short_message with data_coding 0. That is what most
 * SMSCs (8x8 included) expect from an ESME over SMPP; the SMSC packs septets for the air interface itself. Packing is
 * therefore never done here, and part sizes are counted in septets.
 *
 * A little over 300 lines on purpose: the four encodings' encode, decode and count sit together so that what the
 * form counts and what the connector sends cannot drift apart.
 */
import { GSM7_BASIC, GSM7_BASIC_BY_CHAR, GSM7_ESCAPE, GSM7_EXTENSION_BY_CHAR, GSM7_EXTENSION_BY_SEPTET } from "./gsm7-alphabet";
import { transliterateTo } from "./transliteration";

/** The encodings a data_coding can be mapped to (spec "Define a specific mapping of encodings"). */
export const ENCODINGS = ["gsm7", "ascii", "latin1", "ucs2"] as const;
export type EncodingName = (typeof ENCODINGS)[number];

/** One row of an encoding mapping: this data_coding means this encoding (first row that fits the text wins). */
export type EncodingEntry = { dataCoding: number; encoding: EncodingName };

/** The mapping used when the account has none: GSM 03.38 with data_coding 0, else UCS-2 with 8. */
export const DEFAULT_ENCODING_MAPPING: readonly EncodingEntry[] = Object.freeze([
  Object.freeze({ dataCoding: 0, encoding: "gsm7" as const }),
  Object.freeze({ dataCoding: 8, encoding: "ucs2" as const }),
]);

/**
 * Octets per SMS (3GPP TS 23.040: 140 octets of user data). 7-bit texts hold 160 septets, or 153 once the 6-octet
 * concatenation UDH (plus fill bits) is there; 8-bit 140/134; UCS-2 70/67 units. ASCII (IA5) is converted to 7-bit
 * by the SMSC, so it gets the 7-bit limits. Values are in octets of OUR wire form (unpacked septets = 1 octet).
 */
export const PART_OCTETS: Readonly<Record<EncodingName, { single: number; multi: number }>> = {
  gsm7: { single: 160, multi: 153 },
  ascii: { single: 160, multi: 153 },
  latin1: { single: 140, multi: 134 },
  ucs2: { single: 140, multi: 134 },
};

/** message_payload is a TLV whose length field has 16 bits (SMPP v3.4 §5.3.2.32). */
export const MESSAGE_PAYLOAD_MAX_OCTETS = 65535;

/** Octets per counted character: 2 for UCS-2 units, 1 otherwise (septets, bytes). */
export function octetsPerCharacter(encoding: EncodingName): number {
  return encoding === "ucs2" ? 2 : 1;
}

// UTF-16 code unit → septet (basic table), 0x100 | septet (extension table: ESC + septet), or -1.
const GSM7_LOOKUP: Int16Array = (() => {
  const t = new Int16Array(0x10000).fill(-1);
  for (const [code, septet] of GSM7_BASIC_BY_CHAR) t[code] = septet;
  for (const [code, septet] of GSM7_EXTENSION_BY_CHAR) t[code] = 0x100 | septet;
  return t;
})();

/** True when every character of `text` exists in `encoding` (UCS-2 takes anything). */
export function canEncode(text: string, encoding: EncodingName): boolean {
  const n = text.length;
  switch (encoding) {
    case "ucs2":
      return true;
    case "latin1":
      for (let i = 0; i < n; i++) if (text.charCodeAt(i) > 0xff) return false;
      return true;
    case "ascii":
      for (let i = 0; i < n; i++) if (text.charCodeAt(i) > 0x7f) return false;
      return true;
    case "gsm7":
      for (let i = 0; i < n; i++) if (GSM7_LOOKUP[text.charCodeAt(i)] < 0) return false;
      return true;
  }
}

/** The distinct characters (code points) of `text` that `encoding` cannot carry, in order of appearance. */
export function unsupportedCharacters(text: string, encoding: EncodingName): string[] {
  const out: string[] = [];
  for (const ch of text) if (!canEncode(ch, encoding) && !out.includes(ch)) out.push(ch);
  return out;
}

/** Septets `text` takes in GSM 03.38 (extension characters count twice), or -1 when it is not GSM. */
export function gsm7Length(text: string): number {
  let septets = 0;
  for (let i = 0; i < text.length; i++) {
    const v = GSM7_LOOKUP[text.charCodeAt(i)];
    if (v < 0) return -1;
    septets += v > 0xff ? 2 : 1;
  }
  return septets;
}

/**
 * Encodes `text`. GSM 03.38 gives unpacked septets (one per octet, extension characters as ESC + septet);
 * UCS-2 gives UTF-16BE (a character outside the BMP is its surrogate pair). Characters the encoding lacks become
 * '?' (callers pick an encoding with `chooseEncoding` first, so this only guards against misuse).
 */
export function encodeText(text: string, encoding: EncodingName): Uint8Array {
  const n = text.length;
  if (encoding === "ucs2") {
    const out = new Uint8Array(n * 2);
    for (let i = 0; i < n; i++) {
      const c = text.charCodeAt(i);
      out[2 * i] = c >>> 8;
      out[2 * i + 1] = c & 0xff;
    }
    return out;
  }
  if (encoding === "gsm7") {
    let len = 0;
    for (let i = 0; i < n; i++) len += GSM7_LOOKUP[text.charCodeAt(i)] > 0xff ? 2 : 1;
    const out = new Uint8Array(len);
    let o = 0;
    for (let i = 0; i < n; i++) {
      const v = GSM7_LOOKUP[text.charCodeAt(i)];
      if (v < 0) out[o++] = 0x3f;
      else if (v > 0xff) {
        out[o++] = GSM7_ESCAPE;
        out[o++] = v & 0x7f;
      } else out[o++] = v;
    }
    return out;
  }
  const max = encoding === "ascii" ? 0x7f : 0xff;
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    out[i] = c > max ? 0x3f : c;
  }
  return out;
}

/**
 * Decodes octets received in `encoding`. GSM 03.38 is read unpacked (one septet per octet); an ESC followed by a
 * septet the extension table lacks shows the basic character, as TS 23.038 §6.2.1.1 asks of receivers.
 */
export function decodeText(bytes: Uint8Array, encoding: EncodingName): string {
  const n = bytes.length;
  let out = "";
  switch (encoding) {
    case "ucs2": {
      const CHUNK = 4096;
      for (let i = 0; i + 1 < n; i += CHUNK * 2) {
        const end = Math.min(n - (n % 2), i + CHUNK * 2);
        const units: number[] = [];
        for (let j = i; j < end; j += 2) units.push((bytes[j] << 8) | bytes[j + 1]);
        out += String.fromCharCode(...units);
      }
      return out;
    }
    case "latin1":
      for (let i = 0; i < n; i++) out += String.fromCharCode(bytes[i]);
      return out;
    case "ascii":
      for (let i = 0; i < n; i++) out += bytes[i] < 0x80 ? String.fromCharCode(bytes[i]) : "?";
      return out;
    case "gsm7":
      for (let i = 0; i < n; i++) {
        const b = bytes[i];
        if (b === GSM7_ESCAPE) {
          if (i + 1 >= n) break;
          const next = bytes[++i] & 0x7f;
          out += GSM7_EXTENSION_BY_SEPTET.get(next) ?? (next === GSM7_ESCAPE ? " " : GSM7_BASIC[next]);
        } else out += b < 0x80 ? GSM7_BASIC[b] : "?";
      }
      return out;
  }
}

export type EncodingChoice = {
  encoding: EncodingName;
  dataCoding: number;
  /** The text as it will be sent: transliterated when that is what made it fit. */
  text: string;
  transliterated: boolean;
};

/**
 * The first entry of the account's mapping (top to bottom) that can represent `text`; null mapping = GSM 03.38
 * (data_coding 0) else UCS-2 (8). With transliteration allowed, a non-UCS-2 entry also accepts the text once the
 * characters it lacks are approximated (ê→e, “→"), so the message stays in 7/8 bits instead of falling to UCS-2.
 * Returns null when no entry fits (a mapping without UCS-2 and, say, an emoji).
 */
export function chooseEncoding(
  text: string,
  mapping: readonly EncodingEntry[] | null | undefined,
  transliteration: boolean,
): EncodingChoice | null {
  const entries = mapping && mapping.length > 0 ? mapping : DEFAULT_ENCODING_MAPPING;
  for (const entry of entries) {
    if (canEncode(text, entry.encoding)) {
      return { encoding: entry.encoding, dataCoding: entry.dataCoding, text, transliterated: false };
    }
    if (transliteration && entry.encoding !== "ucs2") {
      const approximated = transliterateTo(text, (ch) => canEncode(ch, entry.encoding));
      if (canEncode(approximated, entry.encoding)) {
        return { encoding: entry.encoding, dataCoding: entry.dataCoding, text: approximated, transliterated: true };
      }
    }
  }
  return null;
}

/**
 * Where to cut encoded octets into UDH parts of at most `maxOctets`: never between ESC and its septet (GSM) and
 * never between the two units of a surrogate pair (UCS-2). Returns the end offset of each part.
 */
export function partBoundaries(bytes: Uint8Array, encoding: EncodingName, maxOctets: number): number[] {
  const ends: number[] = [];
  const n = bytes.length;
  let start = 0;
  while (start < n) {
    let end = Math.min(n, start + maxOctets);
    if (end < n) {
      if (encoding === "gsm7") {
        // An extension character is ESC + septet; our encoder never emits ESC on its own.
        if (bytes[end - 1] === GSM7_ESCAPE) end -= 1;
      } else if (encoding === "ucs2") {
        end -= end % 2;
        const high = bytes[end - 2];
        if (high >= 0xd8 && high <= 0xdb) end -= 2;
      }
    }
    ends.push(end);
    start = end;
  }
  return ends;
}

export type CountOptions = {
  encodings: readonly EncodingEntry[] | null | undefined;
  transliteration: boolean;
  messagePayload: boolean;
  maxParts: number;
  /** Who set maxParts, for the message (a delivery may lower or raise the account's "Maximum number of SMS"). */
  maxPartsFrom?: "account" | "delivery";
};

/** Why a counted text cannot go through the account (one wording for the forms and the API), or null. */
export function countProblem(
  count: MessageCount,
  opts: Pick<CountOptions, "messagePayload" | "maxParts" | "maxPartsFrom">,
): string | null {
  if (count.encoding === null) return `No encoding of the account can carry: ${count.unsupported.join(" ")}`;
  if (!count.tooLong) return null;
  return opts.messagePayload
    ? `SMS too long: ${count.characters} characters, message_payload holds ${count.perPart}`
    : `SMS too long: ${count.parts} parts, the ${opts.maxPartsFrom ?? "account"} allows ${opts.maxParts}`;
}

export type MessageCount = {
  /** null when no entry of the mapping can carry the text (see `unsupported`). */
  encoding: EncodingName | null;
  dataCoding: number | null;
  /** Septets for GSM 03.38 (extension characters count twice), UTF-16 units for UCS-2, bytes otherwise. */
  characters: number;
  parts: number;
  /** Characters one part holds: the single-SMS limit for one part, the UDH limit for more, the TLV limit for message_payload. */
  perPart: number;
  tooLong: boolean;
  transliterated: boolean;
  /** Characters no entry of the mapping can carry (empty when `encoding` is set). */
  unsupported: string[];
};

/** Live counter for the Test send dialog and the delivery form; the same rules as `buildSubmitParts`. */
export function countMessage(text: string, opts: CountOptions): MessageCount {
  const choice = chooseEncoding(text, opts.encodings, opts.transliteration);
  if (!choice) {
    const last = opts.encodings && opts.encodings.length ? opts.encodings[opts.encodings.length - 1].encoding : "gsm7";
    return {
      encoding: null,
      dataCoding: null,
      characters: text.length,
      parts: 0,
      perPart: 0,
      tooLong: false,
      transliterated: false,
      unsupported: unsupportedCharacters(text, last),
    };
  }
  const bytes = encodeText(choice.text, choice.encoding);
  return countEncoded(bytes, choice, opts);
}

/** Counting for already-encoded octets (used by submit so the text is encoded once). */
export function countEncoded(
  bytes: Uint8Array,
  choice: EncodingChoice,
  opts: Pick<CountOptions, "messagePayload" | "maxParts">,
): MessageCount {
  const unit = octetsPerCharacter(choice.encoding);
  const characters = bytes.length / unit;
  const base = {
    encoding: choice.encoding,
    dataCoding: choice.dataCoding,
    characters,
    transliterated: choice.transliterated,
    unsupported: [],
  };
  if (opts.messagePayload) {
    const perPart = Math.floor(MESSAGE_PAYLOAD_MAX_OCTETS / unit);
    return { ...base, parts: 1, perPart, tooLong: bytes.length > MESSAGE_PAYLOAD_MAX_OCTETS };
  }
  const limits = PART_OCTETS[choice.encoding];
  if (bytes.length <= limits.single) {
    return { ...base, parts: 1, perPart: limits.single / unit, tooLong: 1 > opts.maxParts };
  }
  const parts = partBoundaries(bytes, choice.encoding, limits.multi).length;
  return { ...base, parts, perPart: limits.multi / unit, tooLong: parts > opts.maxParts };
}
