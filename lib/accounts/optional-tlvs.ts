/**
 * "Service ID tag" and "Optional SMPP parameters (TLV)" of an account or a delivery (Adobe's SMSC specifics): vendor
 * TLVs sent with every MT. SMPP v3.4 §5.3.2 reserves 0x1400–0x3FFF for SMSC-vendor-specific optional parameters, so
 * only those tags are accepted: a standard tag (dest_addr_subunit, message_payload…) is set by its own field.
 * Client-safe.
 */
import { z } from "zod";

export const TLV_VALUE_TYPES = ["text", "integer", "hex"] as const;
export type TlvValueType = (typeof TLV_VALUE_TYPES)[number];

export const VENDOR_TAG_MIN = 0x1400;
export const VENDOR_TAG_MAX = 0x3fff;
/** Octets a value may take (an SMPP TLV length is 16 bits; SMSCs accept far less in practice). */
export const TLV_MAX_OCTETS = 255;

/** "0x1403", "1403" or "0X1403" → 0x1403; null when not a 1–4 digit hex number. */
export function parseTlvTag(source: string): number | null {
  const m = /^(?:0[xX])?([0-9A-Fa-f]{1,4})$/.exec(source.trim());
  return m ? parseInt(m[1], 16) : null;
}

/** The tag as the form and the traces show it: `0x1403`. */
export function formatTlvTag(tag: number): string {
  return `0x${tag.toString(16).toUpperCase().padStart(4, "0")}`;
}

/** Why `source` is not a vendor TLV tag, or null. */
export function tlvTagProblem(source: string): string | null {
  const tag = parseTlvTag(source);
  if (tag === null) return "A tag in hexadecimal, e.g. 0x1403";
  if (tag < VENDOR_TAG_MIN || tag > VENDOR_TAG_MAX) return "Vendor tags are 0x1400–0x3FFF (SMPP v3.4 §5.3.2)";
  return null;
}

/**
 * The octets of a TLV value: text as ASCII (a C-Octet string, NUL-terminated as SMPP §3.1 writes strings),
 * integer as the smallest of 1, 2 or 4 big-endian octets that holds it, hex as the octets it spells.
 * A string when the value does not fit its type.
 */
export function encodeTlvValue(type: TlvValueType, value: string): Uint8Array | string {
  if (type === "text") {
    if (!/^[\x20-\x7e]*$/.test(value)) return "Printable ASCII characters only";
    if (value.length + 1 > TLV_MAX_OCTETS) return `At most ${TLV_MAX_OCTETS - 1} characters`;
    const out = new Uint8Array(value.length + 1);
    for (let i = 0; i < value.length; i++) out[i] = value.charCodeAt(i);
    return out;
  }
  if (type === "integer") {
    if (!/^[0-9]{1,10}$/.test(value.trim())) return "A whole number from 0 to 4294967295";
    const n = Number(value.trim());
    if (n > 0xffffffff) return "A whole number from 0 to 4294967295";
    const size = n <= 0xff ? 1 : n <= 0xffff ? 2 : 4;
    const out = new Uint8Array(size);
    for (let i = 0; i < size; i++) out[size - 1 - i] = Math.floor(n / 256 ** i) % 256;
    return out;
  }
  const hex = value.replace(/\s+/g, "").replace(/^0[xX]/, "");
  if (!/^(?:[0-9A-Fa-f]{2})*$/.test(hex)) return "Pairs of hexadecimal digits, e.g. 01A0FF";
  if (hex.length / 2 > TLV_MAX_OCTETS) return `At most ${TLV_MAX_OCTETS} octets`;
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

const tagField = z
  .string({ error: "Must be text" })
  .trim()
  .superRefine((s, ctx) => {
    const p = tlvTagProblem(s);
    if (p) ctx.addIssue({ code: "custom", message: p });
  });

export const optionalTlvSchema = z
  .object({
    tag: tagField,
    type: z.enum(TLV_VALUE_TYPES, { error: "Must be text, integer or hex" }).default("text"),
    value: z.string({ error: "Must be text" }).max(600, { error: "At most 600 characters" }).default(""),
  })
  .superRefine((t, ctx) => {
    const encoded = encodeTlvValue(t.type, t.value);
    if (typeof encoded === "string") ctx.addIssue({ code: "custom", path: ["value"], message: encoded });
  });

export type OptionalTlv = z.output<typeof optionalTlvSchema>;

/** A TLV table (account or delivery): at most 20 rows, each tag once. */
export const optionalTlvsSchema = z
  .array(optionalTlvSchema)
  .max(20, { error: "At most 20 optional parameters" })
  .superRefine((rows, ctx) => {
    const seen = new Map<number, number>();
    rows.forEach((r, i) => {
      const tag = parseTlvTag(r.tag);
      if (tag === null) return;
      if (seen.has(tag)) {
        ctx.addIssue({
          code: "custom",
          path: [i, "tag"],
          message: `Tag ${formatTlvTag(tag)} is already in row ${seen.get(tag)! + 1}`,
        });
      } else seen.set(tag, i);
    });
  });

/** "Service ID tag": empty (off) or a vendor tag. */
export const serviceIdTagSchema = z
  .string({ error: "Must be text" })
  .trim()
  .superRefine((s, ctx) => {
    if (s === "") return;
    const p = tlvTagProblem(s);
    if (p) ctx.addIssue({ code: "custom", message: p });
  });

/** Wire form of a TLV table plus the service id: `{tag, value}` octets, for the submit builder. */
export type WireTlv = { tag: number; value: Uint8Array };

/**
 * The TLVs one MT carries: the account's table, then the delivery's (a delivery row replaces the account's row with
 * the same tag), then the service id under the account's Service ID tag. Rows are assumed valid (schema-checked).
 */
export function wireTlvs(opts: {
  account: readonly OptionalTlv[];
  delivery?: readonly OptionalTlv[];
  serviceIdTag?: string;
  serviceId?: string | null;
}): WireTlv[] {
  const byTag = new Map<number, Uint8Array>();
  for (const row of [...opts.account, ...(opts.delivery ?? [])]) {
    const tag = parseTlvTag(row.tag);
    const value = encodeTlvValue(row.type, row.value);
    if (tag !== null && typeof value !== "string") byTag.set(tag, value);
  }
  const serviceTag = opts.serviceIdTag ? parseTlvTag(opts.serviceIdTag) : null;
  if (serviceTag !== null && opts.serviceId) {
    const value = encodeTlvValue("text", opts.serviceId);
    if (typeof value !== "string") byTag.set(serviceTag, value);
  }
  return [...byTag].map(([tag, value]) => ({ tag, value }));
}
