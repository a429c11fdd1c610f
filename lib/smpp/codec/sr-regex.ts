/**
 * The checks an SR regex (status report id / status / error, success / error status) passes before it is used:
 * the account schema's field check and the SR tester's say the same thing. Client-safe.
 */

/** Why `source` is not a usable regular expression, or null when it compiles. */
export function regexError(source: string): string | null {
  try {
    new RegExp(source);
    return null;
  } catch (e) {
    return `Not a valid regular expression: ${(e as Error).message.replace(/^Invalid regular expression: /, "")}`;
  }
}

/** Number of capture groups of a valid regex. */
export function captureGroupCount(source: string): number {
  const m = new RegExp(`${source}|`).exec("");
  return m ? m.length - 1 : 0;
}
