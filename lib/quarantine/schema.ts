/** The SMS denylist entry (spec "Automatic reply" actions, api.md /api/v1/quarantine). Client-safe. */
import { z } from "zod";
import { phoneKey } from "@/lib/smpp/codec/phone";

export const quarantineNumberSchema = z
  .string({ error: "Must be text" })
  .trim()
  .min(1, { error: "Phone number is required" })
  .max(32, { error: "At most 32 characters" })
  .refine((s) => /^\+?[0-9\s\-.()/]+$/.test(s), { error: "Digits only (with an optional leading +, spaces and dashes)" })
  .refine((s) => phoneKey(s).length >= 6 && phoneKey(s).length <= 15, { error: "An international number has 6 to 15 digits" });

/** "" = every short code of every account. */
const shortCodeSchema = z.string({ error: "Must be text" }).trim().max(20, { error: "At most 20 characters" });

export const quarantineEntrySchema = z.object({
  number: quarantineNumberSchema,
  shortCode: shortCodeSchema.default(""),
  reason: z.string({ error: "Must be text" }).max(200, { error: "At most 200 characters" }).default(""),
});

export const quarantineRemoveSchema = z.object({
  number: quarantineNumberSchema,
  /** Absent: every entry of the number; "" or a code: that entry only. */
  shortCode: shortCodeSchema.optional(),
});

const wholeNumber = z.string().regex(/^\d+$/, { error: "Must be a whole number" }).transform(Number).optional();

/** GET /api/v1/quarantine query: ?q= (number, short code or reason), ?cursor=, ?limit=. */
export const quarantineListSchema = z.object({ q: z.string().optional(), cursor: wholeNumber, limit: wholeNumber });

export type QuarantineEntryInput = z.input<typeof quarantineEntrySchema>;
