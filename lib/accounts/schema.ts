/**
 * The routing-account schema (shared/spec/routing-account.md): the one set of rules used by the browser form,
 * the server actions, the HTTP API and the CLI. Client-safe: no Node or server imports here.
 */
import { z } from "zod";
import { fieldErrors } from "@/lib/field-errors";
import { errorTableSchema, presetErrorTable } from "./error-table";
import { optionalTlvsSchema, parseTlvTag, serviceIdTagSchema } from "./optional-tlvs";
import { LONE_SURROGATE_MESSAGE, illFormedTextPath } from "@/lib/well-formed-text";
import { ENCODINGS } from "@/lib/smpp/codec/encoding";
import { captureGroupCount, regexError } from "@/lib/smpp/codec/sr-regex";
import { DEFAULT_SR_REGEXES, ID_FORMATS } from "@/lib/smpp/codec/status-report";

export { captureGroupCount, DEFAULT_SR_REGEXES, ENCODINGS, ID_FORMATS, regexError };

const hostnamePattern =
  /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.?$/;
const ipv6Pattern = /^[0-9A-Fa-f:.]+$/;

export const INTERNAL_NAME_PATTERN = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;

const int = (min: number, max: number, what = "a whole number") =>
  z
    .number({ error: `Must be ${what}` })
    .int({ error: `Must be ${what}` })
    .min(min, { error: `Must be between ${min} and ${max}` })
    .max(max, { error: `Must be between ${min} and ${max}` });

const text = (max: number, label = "characters") =>
  z.string({ error: "Must be text" }).max(max, { error: `At most ${max} ${label}` });

export const hostSchema = z
  .string({ error: "Must be text" })
  .trim()
  .min(1, { error: "Server is required" })
  .max(253, { error: "At most 253 characters" })
  .refine((h) => hostnamePattern.test(h) || (h.includes(":") && ipv6Pattern.test(h)), {
    error: "Must be a hostname or an IP address",
  });

export const portSchema = int(1, 65535);

const regexField = (groups: "one" | "any") =>
  z
    .string({ error: "Must be text" })
    .min(1, { error: "A regular expression is required" })
    .max(500, { error: "At most 500 characters" })
    .superRefine((src, ctx) => {
      const err = regexError(src);
      if (err) {
        ctx.addIssue({ code: "custom", message: err });
        return;
      }
      if (groups === "one" && captureGroupCount(src) !== 1) {
        ctx.addIssue({ code: "custom", message: "Must have exactly one capture group ( … )" });
      }
    });

export const CONNECTION_MODES = ["transceiver", "transmitterReceiver"] as const;
export const CERTIFICATE_CHECKS = ["full", "skipHostname", "skipCertificate"] as const;
export const AUTO_REPLY_ACTIONS = ["none", "quarantine", "unquarantine"] as const;

export type ConnectionMode = (typeof CONNECTION_MODES)[number];
export type EncodingName = (typeof ENCODINGS)[number];
export type IdFormat = (typeof ID_FORMATS)[number];
export type AutoReplyAction = (typeof AUTO_REPLY_ACTIONS)[number];

/** Write-only secret: absent or null keeps the stored one; a string (possibly empty) replaces it. */
const passwordSchema = text(8).nullable().optional();

/** Where and as whom a bind connects: the main connection's fields, and the separate receiver's. */
const bindTargetFields = {
  host: hostSchema,
  port: portSchema.default(2775),
  systemId: z
    .string({ error: "Must be text" })
    .min(1, { error: "Account is required" })
    .max(15, { error: "At most 15 characters" }),
  password: passwordSchema,
  systemType: text(12).default(""),
};

export const receiverSchema = z.object(bindTargetFields);

export const connectionSchema = z.object({
  mode: z.enum(CONNECTION_MODES, { error: "Must be transceiver or transmitterReceiver" }).default("transceiver"),
  implementationName: z
    .string({ error: "Must be text" })
    .min(1, { error: "SMSC implementation name is required" })
    .max(40, { error: "At most 40 characters" })
    .default("Generic"),
  ...bindTargetFields,
  connections: int(1, 10).default(1),
  tls: z.boolean().default(false),
  certificateCheck: z.enum(CERTIFICATE_CHECKS).default("full"),
  verboseTraces: z.boolean().default(false),
  separateReceiver: z.boolean().default(false),
  receiver: receiverSchema.nullable().optional(),
});

const sourceNumberPattern = /^(?:\+?[0-9]{0,20}|[A-Za-z0-9 ]{1,11})$/;

export const channelSchema = z.object({
  transliteration: z.boolean().default(false),
  storeIncomingMo: z.boolean().default(false),
  realtimeKpi: z.boolean().default(false),
  sourceNumber: text(20)
    .refine((s) => sourceNumberPattern.test(s), {
      error: "Digits (up to 20), or an alphanumeric sender of at most 11 characters",
    })
    .default(""),
  shortCode: text(20).default(""),
  sourceTon: int(0, 255).default(0),
  sourceNpi: int(0, 255).default(0),
  destinationTon: int(0, 255).default(0),
  destinationNpi: int(0, 255).default(0),
  serviceType: text(5).default(""),
});

export const throughputSchema = z.object({
  window: int(1, 1000).default(10),
  mtPerSecond: int(0, 10000).default(0),
  reconnectDelay: int(1, 3600).default(10),
  mtTimeout: int(1, 600).default(30),
  bindTimeout: int(1, 300).default(60),
  enquireLinkPeriod: int(0, 3600).default(30),
});

export const encodingEntrySchema = z.object({
  dataCoding: int(0, 255),
  encoding: z.enum(ENCODINGS, { error: "Must be gsm7, ascii, latin1 or ucs2" }),
});

export const smscSchema = z.object({
  encodings: z
    .array(encodingEntrySchema)
    .min(1, { error: "Add at least one encoding, or use the default mapping" })
    .max(16, { error: "At most 16 encodings" })
    .nullable()
    .default(null),
  messagePayload: z.boolean().default(false),
  maxParts: int(1, 255).default(10),
  sendFullPhoneNumber: z.boolean().default(false),
  bindTon: int(0, 255).default(0),
  bindNpi: int(0, 255).default(0),
  addressRange: text(40).default(""),
  srIdRegex: regexField("one").default(DEFAULT_SR_REGEXES.srIdRegex),
  srStatusRegex: regexField("one").default(DEFAULT_SR_REGEXES.srStatusRegex),
  srErrorRegex: regexField("one").default(DEFAULT_SR_REGEXES.srErrorRegex),
  srSuccessRegex: regexField("any").default(DEFAULT_SR_REGEXES.srSuccessRegex),
  srErrorStatusRegex: regexField("any").default(DEFAULT_SR_REGEXES.srErrorStatusRegex),
  mtIdFormat: z.enum(ID_FORMATS).default("asIs"),
  srIdFormat: z.enum(ID_FORMATS).default("asIs"),
  srIdInOptionalField: z.boolean().default(false),
  srIdInTextField: z.boolean().default(false),
  invalidIdAckCount: int(0, 100).default(0),
  serviceIdTag: serviceIdTagSchema.default(""),
  optionalTlvs: optionalTlvsSchema.default([]),
  errorTable: errorTableSchema.default(() => presetErrorTable("generic", "*")),
  quarantineOnHardError: z.boolean().default(true),
});

export const autoReplySchema = z.object({
  keyword: z
    .string({ error: "Must be text" })
    .max(50, { error: "At most 50 characters" })
    .regex(/^[A-Za-z0-9]*$/, { error: "Letters and digits only" })
    .default(""),
  shortCode: text(20).default(""),
  reply: text(1600).default(""),
  action: z.enum(AUTO_REPLY_ACTIONS).default("none"),
});

export const routingAccountSchema = z
  .object({
    label: z
      .string({ error: "Must be text" })
      .trim()
      .min(1, { error: "Label is required" })
      .max(100, { error: "At most 100 characters" }),
    internalName: z.string({ error: "Must be text" }).regex(INTERNAL_NAME_PATTERN, {
      error: "Starts with a letter, then letters, digits or _ (at most 64)",
    }),
    enabled: z.boolean().default(true),
    connection: connectionSchema,
    channel: channelSchema.default(() => channelSchema.parse({})),
    throughput: throughputSchema.default(() => throughputSchema.parse({})),
    smsc: smscSchema.default(() => smscSchema.parse({})),
    autoReplies: z.array(autoReplySchema).max(100, { error: "At most 100 automatic replies" }).default([]),
  })
  .superRefine((a, ctx) => {
    const c = a.connection;
    if (c.mode === "transmitterReceiver" && c.separateReceiver && !c.receiver) {
      ctx.addIssue({ code: "custom", path: ["connection", "receiver"], message: "Receiver settings are required" });
    }
    const serviceTag = parseTlvTag(a.smsc.serviceIdTag);
    const clash = a.smsc.optionalTlvs.findIndex((t) => serviceTag !== null && parseTlvTag(t.tag) === serviceTag);
    if (a.smsc.serviceIdTag !== "" && clash >= 0) {
      ctx.addIssue({
        code: "custom",
        path: ["smsc", "serviceIdTag"],
        message: `Optional parameter ${clash + 1} already uses this tag`,
      });
    }
  });

/** What a client sends (defaults may be missing). */
export type RoutingAccountInput = z.input<typeof routingAccountSchema>;
/** A validated routing account with every default applied. */
export type RoutingAccount = z.output<typeof routingAccountSchema>;
export type AutoReply = z.output<typeof autoReplySchema>;
export type EncodingEntry = z.output<typeof encodingEntrySchema>;

/** The SMSC specifics of a stored account with the defaults of fields added since it was saved. */
export function smscWithDefaults(stored: Partial<RoutingAccount["smsc"]>): RoutingAccount["smsc"] {
  return { ...smscSchema.parse({}), ...stored };
}

/** "My 8x8 account" -> "My_8x8_account"; always satisfies INTERNAL_NAME_PATTERN. */
export function deriveInternalName(label: string): string {
  const ascii = label.normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  let name = ascii.replace(/[^A-Za-z0-9]+/g, "_").replace(/^_+|_+$/g, "");
  if (!/^[A-Za-z]/.test(name)) name = `acc_${name}`;
  return name.slice(0, 64).replace(/_+$/, "") || "account";
}

export type ParseResult = { ok: true; value: RoutingAccount } | { ok: false; fields: Record<string, string> };

/**
 * Parses a routing account from untrusted input. A missing internal name is derived from the label,
 * as the form does.
 */
export function parseRoutingAccount(raw: unknown): ParseResult {
  let input = raw;
  if (input && typeof input === "object" && !Array.isArray(input)) {
    const o = input as Record<string, unknown>;
    if ((o.internalName === undefined || o.internalName === "") && typeof o.label === "string") {
      input = { ...o, internalName: deriveInternalName(o.label) };
    }
  }
  // The form's server action and the CLI pass here without readJson's check: a lone surrogate is a field error too.
  const bad = illFormedTextPath(input);
  if (bad !== null) return { ok: false, fields: { [bad]: LONE_SURROGATE_MESSAGE } };
  const r = routingAccountSchema.safeParse(input);
  return r.success ? { ok: true, value: r.data } : { ok: false, fields: fieldErrors(r.error) };
}

/** Non-blocking advice shown beside the fields (8x8 serves plain SMPP on 2775 and TLS on 2776). */
export function accountWarnings(a: {
  connection?: { tls?: boolean; port?: number; certificateCheck?: string };
}): Record<string, string> {
  const w: Record<string, string> = {};
  const c = a.connection;
  if (!c) return w;
  if (c.tls && c.port === 2775) w["connection.port"] = "TLS is on but 2775 is the usual plain SMPP port (TLS is usually 2776)";
  if (!c.tls && c.port === 2776) w["connection.port"] = "TLS is off but 2776 is the usual SMPP-over-TLS port";
  if (c.tls && c.certificateCheck === "skipHostname")
    w["connection.certificateCheck"] = "The certificate's host name is not checked: for tests only";
  if (c.tls && c.certificateCheck === "skipCertificate")
    w["connection.certificateCheck"] = "The certificate is not checked at all: for tests only";
  return w;
}
