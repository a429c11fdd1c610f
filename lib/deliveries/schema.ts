/**
 * A new bulk delivery, as the form, the JSON API and the multipart API send it. Client-safe: the form
 * validates with the same schema as the route handler.
 */
import { z } from "zod";
import { optionalTlvsSchema } from "@/lib/accounts/optional-tlvs";
import { TRANSMISSION_MODES } from "@/lib/smpp/codec/transmission-mode";

/** How many pasted or JSON recipients one request may carry; more goes through a CSV upload (streamed). */
export const MAX_LISTED_RECIPIENTS = 100_000;

/** The longest delivery name. */
export const MAX_DELIVERY_NAME = 100;

/** The name a delivery gets when none is given: "Delivery of 2026-12-03 15:00 UTC". */
export function defaultDeliveryName(at: Date = new Date()): string {
  return `Delivery of ${at.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

export const newDeliverySchema = z.object({
  accountId: z.string().trim().min(1, "Pick an SMS account"),
  name: z
    .string({ error: "Must be text" })
    .trim()
    .max(MAX_DELIVERY_NAME, { error: `At most ${MAX_DELIVERY_NAME} characters` })
    .optional()
    .nullable()
    .transform((v) => v || ""),
  /** A scheduled start: an ISO date-time with its offset (or Z), in the future; unset = at once. */
  scheduledAt: z
    .preprocess(
      (v) => (v === "" ? null : v),
      z.iso
        .datetime({ offset: true, error: "An ISO date-time with its time zone, e.g. 2026-12-03T15:00:00Z" })
        .refine((v) => Date.parse(v) > Date.now(), { error: "Must be in the future" })
        .nullable()
        .optional(),
    )
    .transform((v) => (v ? new Date(v) : null)),
  text: z.string().min(1, "Text is required").max(10_000, "At most 10,000 characters"),
  from: z
    .string()
    .trim()
    .max(20, "At most 20 characters (SMPP source_addr)")
    .optional()
    .nullable()
    .transform((v) => v || ""),
  recipients: z
    .array(z.string().max(64, "At most 64 characters per number"))
    .max(MAX_LISTED_RECIPIENTS, `At most ${MAX_LISTED_RECIPIENTS.toLocaleString("en")} numbers: upload a CSV for more`)
    .optional(),
  phoneColumn: z.string().trim().max(200).optional().nullable(),
  ...deliverySendOptionsShape(),
});

/**
 * A whole number within [min, max] from JSON (a number) or a multipart form field (its digits); "" or null = unset.
 */
function wholeNumber(min: number, max: number, unit: string) {
  const message = `Between ${min.toLocaleString("en")} and ${max.toLocaleString("en")}${unit}`;
  return z.preprocess(
    (v) => (v === "" ? null : typeof v === "string" && /^\s*-?\d+\s*$/.test(v) ? Number(v) : v),
    z
      .number({ error: `Must be a whole number${unit}` })
      .int({ error: `Must be a whole number${unit}` })
      .min(min, { error: message })
      .max(max, { error: message })
      .nullable()
      .optional(),
  );
}

/** Defaults of Adobe's delivery retry policy: 3 retries, one every 60 s. */
export const DEFAULT_RETRY_COUNT = 3;
export const DEFAULT_RETRY_PERIOD_SECONDS = 60;

/**
 * Per-delivery sending options (Adobe's delivery properties): how each MT goes on the wire and how soft
 * errors are retried. A multipart form sends the TLV table as JSON text.
 */
function deliverySendOptionsShape() {
  return {
    /** "Service or program ID": the value of the account's Service ID tag TLV. */
    serviceId: z
      .string({ error: "Must be text" })
      .trim()
      .max(64, { error: "At most 64 characters" })
      .regex(/^[\x20-\x7e]*$/, { error: "Printable ASCII characters only (it goes in a TLV)" })
      .optional()
      .nullable()
      .transform((v) => v || ""),
    transmissionMode: z
      .enum(TRANSMISSION_MODES, { error: "Must be normal, flash, saveOnMobile or saveOnTerminal" })
      .optional()
      .nullable()
      .transform((v) => v ?? "normal"),
    /** Seconds from the delivery's creation; on the wire as an absolute UTC time. Unset: the SMSC's default. */
    validityPeriodSeconds: wholeNumber(60, 30 * 86400, " seconds (1 minute to 30 days)").transform((v) => v ?? null),
    /** "Maximum number of SMS per message" for this delivery; unset: the account's. */
    maxParts: wholeNumber(1, 255, "").transform((v) => v ?? null),
    optionalTlvs: z
      .preprocess((v) => (typeof v === "string" ? parseJsonOr(v) : (v ?? [])), optionalTlvsSchema)
      .optional()
      .transform((v) => v ?? []),
    /** Soft errors: how many times a message is sent again, and how long after each failure (within the validity). */
    retryCount: wholeNumber(0, 20, "").transform((v) => v ?? DEFAULT_RETRY_COUNT),
    retryPeriodSeconds: wholeNumber(1, 86_400, " seconds (1 s to 1 day)").transform((v) => v ?? DEFAULT_RETRY_PERIOD_SECONDS),
  };
}

function parseJsonOr(text: string): unknown {
  if (text.trim() === "") return [];
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export type NewDeliveryInput = z.input<typeof newDeliverySchema>;
export type NewDelivery = z.output<typeof newDeliverySchema>;

export const DELIVERY_STATUSES = ["pending", "scheduled", "running", "finished", "cancelled", "failed"] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** Recipient states (spec "Message and delivery states"). */
export const RECIPIENT_STATES = ["pending", "wire", "sent", "delivered", "failed", "skipped", "retry"] as const;
export type RecipientState = (typeof RECIPIENT_STATES)[number];

/** Shown names of the recipient states, as Adobe words them. */
export const RECIPIENT_STATE_LABELS: Record<RecipientState, string> = {
  pending: "Pending",
  wire: "Sent to the service provider",
  sent: "Taken into account by the service provider",
  delivered: "Received on mobile",
  failed: "Failed",
  skipped: "Ignored",
  retry: "Waiting for a retry",
};

/** Bounces + Errors as the error table qualified them (lib/deliveries/error-breakdown.ts). */
export type ErrorBreakdown = {
  hard: number;
  /** Soft errors whose retries are used up (new errors included). */
  soft: number;
  ignored: number;
  /** Failed without an error-table verdict: no submit_sm_resp, a text the settings cannot send… */
  other: number;
  /** Retries made (each soft error sent again counts once). */
  retried: number;
  /** Recipients waiting for their retry now. */
  waitingRetry: number;
  /** The most frequent error keys (`SR <implementation> <stat> <err>`) among failed and waiting recipients. */
  top: { key: string; type: string; count: number }[];
  /** Keys no row of the account's error table matches (counted as soft). */
  newErrors: { key: string; count: number }[];
};

/** A delivery's counters, as stored and as the list, the page and the API show them. */
export type DeliveryCounters = {
  total: number;
  processed: number;
  sent: number;
  delivered: number;
  bouncesAndErrors: number;
  skipped: number;
};

/** The counters of a stored delivery (a row with more fields), for a view. */
export function countersOf(d: DeliveryCounters): DeliveryCounters {
  const { total, processed, sent, delivered, bouncesAndErrors, skipped } = d;
  return { total, processed, sent, delivered, bouncesAndErrors, skipped };
}

/** `GET /api/v1/deliveries/{id}`: the spec's fields first, then what the deployment page shows. */
export type DeliveryProgress = DeliveryCounters & {
  id: string;
  accountId: string;
  accountLabel: string;
  name: string;
  text: string;
  sender: string;
  status: DeliveryStatus;
  /** When a scheduled delivery starts (ISO), null = at once. */
  scheduledAt: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  /** MT per second now (last seconds) while running; the average of the whole run once it ended. */
  mtPerSecond: number;
  createdAt: string;
  createdBy: string;
  pending: number;
  possiblyDuplicated: number;
  invalid: number;
  duplicates: number;
  quarantined: number;
  failed: number;
  /** Seconds left at the current rate, null when unknown. */
  etaSeconds: number | null;
  error: string | null;
  /** [epochSecond, MT per second, widthSeconds] for the chart (1 s wide while recent, wider when merged). */
  rate: [number, number, number][];
  errors: ErrorBreakdown;
  /** The sending options it was created with (validUntil: ISO time, null = the SMSC's default validity). */
  options: {
    serviceId: string;
    transmissionMode: string;
    validUntil: string | null;
    maxParts: number | null;
    optionalTlvs: { tag: string; type: string; value: string }[];
    retryCount: number;
    retryPeriodSeconds: number;
  };
};

/** First names tried for the phone column when none is picked. */
const PHONE_COLUMN_NAMES = [
  "phone",
  "mobile",
  "msisdn",
  "mobilephone",
  "phonenumber",
  "number",
  "tel",
  "telephone",
  "gsm",
  "cell",
  "to",
];

/** The column to read numbers from: the one named `wanted` (case-insensitive), else a phone-looking name, else the only one. */
export function pickPhoneColumn(
  headers: string[],
  wanted?: string | null,
): { ok: true; column: string } | { ok: false; error: string } {
  const norm = (s: string) =>
    s
      .trim()
      .toLowerCase()
      .replace(/[\s_\-.]/g, "");
  if (wanted && wanted.trim() !== "") {
    const found = headers.find((h) => h.trim().toLowerCase() === wanted.trim().toLowerCase());
    return found !== undefined
      ? { ok: true, column: found }
      : { ok: false, error: `No column named "${shortCell(wanted)}" (columns: ${columnList(headers)})` };
  }
  for (const name of PHONE_COLUMN_NAMES) {
    const found = headers.find((h) => norm(h) === name);
    if (found !== undefined) return { ok: true, column: found };
  }
  if (headers.length === 1) return { ok: true, column: headers[0] };
  return { ok: false, error: `Pick the phone column (columns: ${columnList(headers)})` };
}

/** A cell as an error message quotes it: at most 40 characters. */
function shortCell(s: string): string {
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}

/** The column names as an error message lists them: the first 20, each shortened, so a huge header is not echoed. */
function columnList(headers: string[]): string {
  const shown = headers.slice(0, 20).map(shortCell).join(", ");
  return headers.length > 20 ? `${shown}, … ${headers.length - 20} more` : shown;
}

/** Splits the header line of a CSV the way the import reads it (comma, semicolon or tab; quotes removed). */
export function csvHeaderColumns(firstLine: string): string[] {
  const line = firstLine.replace(/^\uFEFF/, "").replace(/\r?\n?$/, "");
  const counts = [",", ";", "\t"].map((d) => [d, line.split(d).length] as const);
  const delimiter = counts.reduce((a, b) => (b[1] > a[1] ? b : a))[0];
  return line.split(delimiter).map((c) =>
    c
      .trim()
      .replace(/^"(.*)"$/, "$1")
      .replace(/""/g, '"'),
  );
}
