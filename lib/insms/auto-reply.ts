/**
 * Automatic replies to MO (spec "Automatic reply sent to the MO"): rows tried top to bottom, the first whose
 * keyword is a case-insensitive prefix of the MO's first word (punctuation and leading spaces ignored; empty = any
 * MO) and whose short code matches the MO's destination (empty = any) applies. Pure.
 */
import type { RoutingAccount } from "@/lib/accounts/schema";

export type AutoReplyRule = RoutingAccount["autoReplies"][number];

/** The MO's first word, letters and digits only, lower case ("  Stop!  now" → "stop"). */
export function firstWord(text: string): string {
  const m = /[\p{L}\p{N}][^\s]*/u.exec(text ?? "");
  return m ? m[0].replace(/[^\p{L}\p{N}]/gu, "").toLowerCase() : "";
}

/** Short codes compared without spaces, `+` or case. */
function codeKey(code: string): string {
  return (code ?? "").replace(/[\s+\-]/g, "").toLowerCase();
}

export function shortCodeMatches(ruleShortCode: string, destination: string): boolean {
  return ruleShortCode.trim() === "" || codeKey(ruleShortCode) === codeKey(destination);
}

/** The first rule that applies to an MO, with its index, or null. */
export function matchAutoReply(
  rules: readonly AutoReplyRule[],
  mo: { text: string; destination: string },
): { rule: AutoReplyRule; index: number } | null {
  const word = firstWord(mo.text);
  for (let i = 0; i < rules.length; i++) {
    const rule = rules[i];
    const keyword = rule.keyword.trim().toLowerCase();
    if (keyword !== "" && !word.startsWith(keyword)) continue;
    if (!shortCodeMatches(rule.shortCode, mo.destination)) continue;
    return { rule, index: i };
  }
  return null;
}
