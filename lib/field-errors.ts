import type { z } from "zod";

/**
 * Flattens zod issues into `{ "connection.port": "Must be between 1 and 65535" }`, the first message per path: the
 * `fields` of every 422 (shared/spec/api.md) and the errors shown next to form fields. An issue about the whole
 * input (empty path) goes under `rootKey`. Client-safe.
 */
export function fieldErrors(error: z.ZodError, rootKey = "_"): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.map(String).join(".") || rootKey;
    if (!(key in out)) out[key] = issue.message;
  }
  return out;
}
