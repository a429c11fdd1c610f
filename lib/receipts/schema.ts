/** Queries and bodies of /api/v1/receipts/unmatched (api.md). Client-safe. */
import { z } from "zod";

const wholeNumber = z.string().regex(/^\d+$/, { error: "Must be a whole number" }).transform(Number).optional();

export const unmatchedListSchema = z.object({
  accountId: z.string().trim().min(1).max(100).optional(),
  cursor: wholeNumber,
  limit: wholeNumber.refine((n) => n === undefined || (n >= 1 && n <= 200), { error: "Must be between 1 and 200" }),
});

export const matchAgainSchema = z.object({
  accountId: z.string({ error: "Pick an SMS account" }).trim().min(1, { error: "Pick an SMS account" }).max(100),
  /** Only these receipts (StatusReport ids); absent = every unmatched receipt of the account. */
  ids: z
    .array(z.number({ error: "Must be a receipt id" }).int().positive())
    .max(10_000, { error: "At most 10,000 receipts at once" })
    .optional(),
});
