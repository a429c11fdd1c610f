/**
 * Why a status report matched no MT, from what it says and which MT ids exist: the id its regex finds, that id under
 * each of the four id formats, and whether an MT carries it. Client-safe (pure).
 */
import { ID_FORMATS, type IdFormat } from "@/lib/accounts/schema";
import { compileSrParser, normaliseMessageId, type SrSettings } from "@/lib/smpp/codec/status-report";

export type FormatCandidate = { format: IdFormat; id: string; matches: boolean };

export type UnmatchedReason =
  /** The id regex finds nothing in the receipt. */
  | "no_id"
  /** The id under the account's format now matches an MT: "match again" will settle it. */
  | "matches_now"
  /** Another id format would match an MT: the account's "ID format in the SR" is probably wrong. */
  | "id_format_mismatch"
  /** No MT carries the id under any format (an MT of another system, or purged). */
  | "no_mt";

export type UnmatchedExplanation = {
  /** The id as the receipt gives it (the account's current id regex). */
  receivedId: string | null;
  /** The id under the account's current "ID format in the SR". */
  normalisedId: string | null;
  reason: UnmatchedReason;
  formats: FormatCandidate[];
};

export const REASON_TEXT: Record<UnmatchedReason, string> = {
  no_id: "The ID regex finds no id in this receipt",
  matches_now: "An MT has this id now: match again",
  id_format_mismatch: "ID format mismatch suspected: another format would match an MT",
  no_mt: "No MT with this id",
};

/**
 * `knownIds` says which of the candidate ids an MT of the account carries (MT ids are stored after the account's
 * "ID format in MT acknowledgment").
 */
export function explainUnmatched(raw: string, settings: SrSettings, knownIds: ReadonlySet<string>): UnmatchedExplanation {
  const sr = compileSrParser(settings)(raw);
  if (sr.rawId === null) return { receivedId: null, normalisedId: null, reason: "no_id", formats: [] };
  const formats = candidateIds(sr.rawId).map((c) => ({ ...c, matches: knownIds.has(c.id) }));
  const own = formats.find((f) => f.format === settings.srIdFormat)!;
  const reason: UnmatchedReason = own.matches ? "matches_now" : formats.some((f) => f.matches) ? "id_format_mismatch" : "no_mt";
  return { receivedId: sr.rawId, normalisedId: own.id, reason, formats };
}

/** What each id format makes of an id. */
export function candidateIds(rawId: string): { format: IdFormat; id: string }[] {
  return ID_FORMATS.map((format) => ({ format, id: normaliseMessageId(rawId, format) }));
}
