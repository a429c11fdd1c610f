/**
 * The text of a thrown value for a log line or a shown error: an Error's message, anything else as a string
 * (a rejected promise may carry any value). Client-safe: imports nothing.
 */
export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
