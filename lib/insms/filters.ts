import { z } from "zod";

// Query parameters of the inSMS browser, shared by the page, the list API, the export and the live feed.
// Client-safe: no Node API, no Prisma.

const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

const DAY = /^\d{4}-\d{2}-\d{2}$/;
// A date alone means a whole UTC day; a date-time without an offset is read as UTC too, so a link means the same
// thing in every browser.
const dateParam = (bound: "since" | "until") =>
  z.preprocess(
    blankToUndefined,
    z
      .string()
      .trim()
      .max(40)
      .transform((raw, ctx) => {
        const text = DAY.test(raw) ? `${raw}T00:00:00Z` : /(?:Z|[+-]\d{2}:?\d{2})$/i.test(raw) ? raw : `${raw}Z`;
        const at = new Date(text);
        if (Number.isNaN(at.getTime()) || !/^\d{4}-\d{2}-\d{2}/.test(raw)) {
          ctx.addIssue({ code: "custom", message: "Use a date like 2026-11-26 or 2026-11-26T14:30:00Z" });
          return z.NEVER;
        }
        // "until 2026-11-26" includes that whole day.
        if (bound === "until" && DAY.test(raw)) at.setUTCDate(at.getUTCDate() + 1);
        return at;
      })
      .optional(),
  );

export const INSMS_PAGE_SIZE = 50;
export const INSMS_MAX_PAGE_SIZE = 500;

export const inboundSmsFilterSchema = z
  .object({
    accountId: z.preprocess(blankToUndefined, z.string().trim().max(64).optional()),
    q: z.preprocess(blankToUndefined, z.string().trim().max(100, "At most 100 characters").optional()),
    origin: z.preprocess(blankToUndefined, z.string().trim().max(40, "At most 40 characters").optional()),
    since: dateParam("since"),
    until: dateParam("until"),
  })
  .refine((f) => !f.since || !f.until || f.since < f.until, { path: ["until"], message: "Must be after the start date" });

export type InboundSmsFilters = z.infer<typeof inboundSmsFilterSchema>;

export const inboundSmsListSchema = inboundSmsFilterSchema.and(
  z.object({
    cursor: z.preprocess(blankToUndefined, z.string().max(500).optional()),
    limit: z.preprocess(
      blankToUndefined,
      z.coerce.number().int("Must be a whole number").min(1).max(INSMS_MAX_PAGE_SIZE).default(INSMS_PAGE_SIZE),
    ),
  }),
);

/** The filter params as they came (strings), e.g. from URLSearchParams, for zod. */
export function filterParams(search: URLSearchParams): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of ["accountId", "q", "origin", "since", "until", "cursor", "limit"]) {
    const v = search.get(key);
    if (v !== null) out[key] = v;
  }
  return out;
}

/**
 * Sender forms that mean the same person: as typed, digits only, and "+" + digits, so `+33 6 12…`, `33612…` and
 * `+33612…` all find the MO whatever form the SMSC gave. An alphanumeric sender is matched as typed.
 */
export function originCandidates(origin: string): string[] {
  const raw = origin.trim();
  if (/[A-Za-z]/.test(raw)) return [raw];
  const digits = raw.replace(/\D/g, "");
  return [...new Set([raw, digits, `+${digits}`].filter((v) => v !== "" && v !== "+"))];
}

/** Whether one row passes the filters: the live feed's check for rows it pushes (same rules as the SQL). */
export function matchesInboundFilters(
  row: { accountId: string; origin: string; message: string; receivedAt: Date | null },
  f: InboundSmsFilters,
): boolean {
  if (f.accountId && row.accountId !== f.accountId) return false;
  if (f.origin && !originCandidates(f.origin).includes(row.origin)) return false;
  // SQLite's LIKE folds ASCII case only; so does this.
  if (f.q && !asciiLower(row.message).includes(asciiLower(f.q))) return false;
  if ((f.since || f.until) && !row.receivedAt) return false;
  if (f.since && row.receivedAt! < f.since) return false;
  if (f.until && row.receivedAt! >= f.until) return false;
  return true;
}

const asciiLower = (s: string) => s.replace(/[A-Z]/g, (c) => c.toLowerCase());

/** The largest id an InboundSms row can have (a 4-byte integer on PostgreSQL): a bigger number names no row. */
export const INBOUND_SMS_MAX_ID = 2_147_483_647;

/** An inSMS id in a path (`/insms/42`, `GET /api/v1/insms/42`): digits only; null when it names no possible row. */
export const inboundSmsIdSchema = z
  .string()
  .trim()
  .regex(/^\d{1,20}$/, "Must be a number (the id of an incoming SMS)")
  .transform((s) => {
    const n = Number(s);
    return n >= 1 && n <= INBOUND_SMS_MAX_ID ? n : null;
  });

/** The Incoming SMS page's filters as they appear in its URL; with `cursor`, the page being read. */
export const INSMS_FILTER_KEYS = ["accountId", "origin", "q", "since", "until"] as const;

/** The non-blank values of `keys` in a page's searchParams (the first of a repeated one), trimmed. */
export function searchValues(sp: Record<string, string | string[] | undefined>, keys: readonly string[]): Record<string, string> {
  const values: Record<string, string> = {};
  for (const key of keys) {
    const v = sp[key];
    const one = Array.isArray(v) ? v[0] : v;
    if (one && one.trim() !== "") values[key] = one.trim();
  }
  return values;
}
