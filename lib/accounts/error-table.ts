/**
 * "Error qualification": every failed SR and every refused submit_sm is named as Adobe logs it,
 * `SR <implementation name> <stat> <err>`, and looked up in the account's error table, whose first matching row
 * says whether the error is soft (retried), hard (the number goes in quarantine) or ignored (failed, neither
 * retried nor quarantined). An error no row matches is soft and listed as new. Client-safe.
 */
import { z } from "zod";
import { COMMAND_STATUS } from "@/lib/smpp/codec/command-status";

export const ERROR_TYPES = ["soft", "hard", "ignored"] as const;
export type ErrorType = (typeof ERROR_TYPES)[number];

/** A row's pattern: `SR <implementation> <stat> <err>`, `*` standing for any one of the three. */
const MATCH_PATTERN = /^SR\s+\S.*\s+\S+\s+\S+$/i;

export const errorRowSchema = z.object({
  match: z
    .string({ error: "Must be text" })
    .trim()
    .min(1, { error: "A pattern is required" })
    .max(200, { error: "At most 200 characters" })
    .regex(MATCH_PATTERN, { error: "Write it as SR <implementation> <stat> <err>, * for any (e.g. SR 8x8 UNDELIV 015)" }),
  type: z.enum(ERROR_TYPES, { error: "Must be soft, hard or ignored" }).default("soft"),
  reason: z.string({ error: "Must be text" }).trim().max(200, { error: "At most 200 characters" }).default(""),
});

export type ErrorRow = z.output<typeof errorRowSchema>;

export const errorTableSchema = z.array(errorRowSchema).max(500, { error: "At most 500 error rows" });

/** An error's name in Adobe's form. Missing parts are written `-`. */
export function errorKey(implementationName: string, stat: string | null, err: string | null): string {
  return `SR ${implementationName} ${stat || "-"} ${err || "-"}`;
}

/** The key of a refused submit_sm: its command_status name and value, e.g. `SR 8x8 ESME_RINVDSTADR 0x0000000B`. */
export function refusalKey(implementationName: string, statusName: string, status: number): string {
  return errorKey(implementationName, statusName, `0x${status.toString(16).toUpperCase().padStart(8, "0")}`);
}

type Parts = { impl: string; stat: string; err: string };

function splitKey(key: string): Parts | null {
  const m = /^SR\s+(.+?)\s+(\S+)\s+(\S+)$/i.exec(key.trim());
  return m ? { impl: m[1], stat: m[2], err: m[3] } : null;
}

/**
 * Error codes compare as numbers where both are decimal ("015" = "15") or both hexadecimal ("0x0B" = "0x0000000B"),
 * else as text: an SR's decimal err is never taken for a submit_sm's command_status.
 */
function sameCode(a: string, b: string): boolean {
  const hex = /^0x[0-9a-f]+$/i;
  const dec = /^[0-9]+$/;
  if (hex.test(a) && hex.test(b)) return parseInt(a, 16) === parseInt(b, 16);
  if (dec.test(a) && dec.test(b)) return Number(a) === Number(b);
  return a.toLowerCase() === b.toLowerCase();
}

const same = (pattern: string, value: string, code = false) =>
  pattern === "*" || (code ? sameCode(pattern, value) : pattern.toLowerCase() === value.toLowerCase());

export type Qualification = { type: ErrorType; reason: string; key: string; row: number | null };

/** The first row matching `key`; none = soft, `row: null` (a new error to list). */
export function qualifyError(table: readonly ErrorRow[], key: string): Qualification {
  const k = splitKey(key);
  if (k) {
    for (let i = 0; i < table.length; i++) {
      const p = splitKey(table[i].match);
      if (p && same(p.impl, k.impl) && same(p.stat, k.stat) && same(p.err, k.err, true)) {
        return { type: table[i].type, reason: table[i].reason, key, row: i };
      }
    }
  }
  return { type: "soft", reason: "Unknown error (not in the account's error table)", key, row: null };
}

/**
 * 8x8's delivery-receipt error codes (developer.8x8.com, "SMS Delivery Receipt Error Codes", read 2026-12-01); the
 * reasons are 8x8's, the types our reading of them: hard where the number itself cannot receive SMS, ignored where
 * the message or the sender is at fault (a retry or a quarantine would not help), soft otherwise. 8x8 lists no
 * code 6, and the wording of 52 was cut in the copy we read.
 */
const EIGHT_BY_EIGHT: [number, string, ErrorType][] = [
  [0, "No reason code", "soft"],
  [1, "Absent subscriber", "soft"],
  [2, "Content related error", "ignored"],
  [3, "Data missing", "soft"],
  [4, "Deferred delivery", "soft"],
  [5, "Pending upstream", "soft"],
  [6, "Not in 8x8's list", "soft"],
  [7, "Delivery failure", "soft"],
  [8, "Deny", "ignored"],
  [9, "Equipment protocol error", "soft"],
  [10, "ESME external error", "soft"],
  [11, "Flooding", "soft"],
  [12, "HLR error", "soft"],
  [13, "Illegal subscriber or equipment", "hard"],
  [14, "Internal error", "soft"],
  [15, "Invalid destination", "hard"],
  [16, "Invalid format", "ignored"],
  [17, "Invalid message length", "ignored"],
  [18, "Invalid parameter", "ignored"],
  [19, "Invalid source address", "ignored"],
  [20, "Local cancel", "ignored"],
  [21, "Memory capacity exceeded", "soft"],
  [22, "Message being retried", "soft"],
  [23, "Network failure", "soft"],
  [24, "Age verification failure", "ignored"],
  [25, "Operation aborted by receiving network or user", "soft"],
  [26, "Operation barred", "hard"],
  [27, "Permanent operator error", "hard"],
  [28, "Permanent phone error", "hard"],
  [29, "Phone related error", "soft"],
  [30, "Portability error", "soft"],
  [31, "Premium SMS error", "ignored"],
  [32, "Roaming subscriber", "soft"],
  [33, "Route error", "soft"],
  [34, "Screening error", "ignored"],
  [35, "Service center congestion", "soft"],
  [36, "SMS expired", "soft"],
  [37, "SMS facility not supported", "hard"],
  [38, "SMS malformed", "ignored"],
  [39, "SMSC cancel", "ignored"],
  [40, "SMSC error", "soft"],
  [41, "SMSC reject", "soft"],
  [42, "Source credit insufficiency", "ignored"],
  [43, "Spam filter", "ignored"],
  [44, "Subscriber billing issue", "soft"],
  [45, "Subscriber busy for SMS", "soft"],
  [46, "Subscriber not reachable", "soft"],
  [47, "Subscriber temporary unavailable", "soft"],
  [48, "System failure", "soft"],
  [49, "TCAP error", "soft"],
  [50, "Throttling error", "soft"],
  [51, "Time out error", "soft"],
  [52, "Unable to decode (8x8's wording cut in our copy)", "soft"],
];

/**
 * submit_sm refusals (SMPP v3.4 §5.1.3): the destination's own faults are hard, the message's or the account's
 * ignored (resending the same submit_sm cannot help), congestion soft. Throttling and a missing submit_sm_resp are
 * retried by the dispatcher before they ever reach the table.
 */
const REFUSALS: [keyof typeof COMMAND_STATUS, string, ErrorType][] = [
  ["ESME_RINVDSTADR", "Invalid destination address", "hard"],
  ["ESME_RINVDSTTON", "Invalid destination TON", "ignored"],
  ["ESME_RINVDSTNPI", "Invalid destination NPI", "ignored"],
  ["ESME_RINVSRCADR", "Invalid source address (account or delivery sender)", "ignored"],
  ["ESME_RINVSRCTON", "Invalid source TON", "ignored"],
  ["ESME_RINVSRCNPI", "Invalid source NPI", "ignored"],
  ["ESME_RINVMSGLEN", "Message length is invalid", "ignored"],
  ["ESME_RINVESMCLASS", "Invalid esm_class", "ignored"],
  ["ESME_RINVSERTYP", "Invalid service type", "ignored"],
  ["ESME_RINVEXPIRY", "Invalid validity period", "ignored"],
  ["ESME_RINVOPTPARAMVAL", "Invalid optional parameter value", "ignored"],
  ["ESME_ROPTPARNOTALLWD", "Optional parameter not allowed", "ignored"],
  ["ESME_RMSGQFUL", "Message queue full", "soft"],
  ["ESME_RSYSERR", "SMSC system error", "soft"],
  ["ESME_RSUBMITFAIL", "submit_sm failed", "soft"],
  ["ESME_RX_T_APPN", "ESME receiver temporary error", "soft"],
  ["ESME_RX_P_APPN", "ESME receiver permanent error", "hard"],
  ["ESME_RDELIVERYFAILURE", "Delivery failure", "soft"],
];

/** Status-level rows for any SMSC: REJECTD is final for the number, the rest is retried. */
const BY_STATUS: [string, string, ErrorType][] = [
  ["REJECTD", "Rejected by the SMSC", "hard"],
  ["EXPIRED", "Expired before delivery", "soft"],
  ["UNDELIV", "Undeliverable", "soft"],
  ["UNKNOWN", "Unknown state", "soft"],
  ["DELETED", "Deleted by the SMSC", "ignored"],
];

function refusalRows(impl: string): ErrorRow[] {
  return REFUSALS.map(([name, reason, type]) => ({ match: refusalKey(impl, name, COMMAND_STATUS[name]), type, reason }));
}

/** The error table a preset starts from, for the given implementation name. */
export function presetErrorTable(preset: "generic" | "8x8", implementationName: string): ErrorRow[] {
  const impl = implementationName.includes(" ") ? "*" : implementationName;
  const codes: ErrorRow[] = (preset === "8x8" ? EIGHT_BY_EIGHT : []).map(([code, reason, type]) => ({
    match: `SR ${impl} * ${String(code).padStart(3, "0")}`,
    type,
    reason: `8x8 ${code}: ${reason}`,
  }));
  const statuses = BY_STATUS.map(([stat, reason, type]) => ({ match: `SR ${impl} ${stat} *`, type, reason }));
  // 8x8's code 0 ("No reason code") says nothing: the status rows decide first.
  return [...codes.slice(1), ...statuses, ...codes.slice(0, 1), ...refusalRows(impl)];
}

/**
 * The error key and the table's verdict from a reason that srErrorQualifier wrote (`SR 8x8 UNDELIV 015 (hard: …)`,
 * `… (new error, counted as soft)`, with `: retry 1 of 3` after it while a retry waits); null for other reasons
 * (no submit_sm_resp, a text too long…).
 */
export function readQualifiedReason(reason: string | null): { key: string; type: ErrorType | "new" } | null {
  const m = /^(SR \S.*?\s\S+\s\S+) \((new error, counted as soft|hard|soft|ignored)[:)]/.exec(reason ?? "");
  if (!m) return null;
  return { key: m[1], type: m[2] === "hard" || m[2] === "soft" || m[2] === "ignored" ? m[2] : "new" };
}

/** What a failed SR does to its number: the reason recorded on the recipient, and whether it goes in quarantine. */
export type SrErrorOutcome = { type: ErrorType; reason: string; quarantine: boolean };
export type SrErrorQualifier = (status: string | null, errorCode: string | null) => SrErrorOutcome;

/** The qualifier of an account's failed SRs (its implementation name, error table and quarantine setting). */
export function srErrorQualifier(account: {
  connection: { implementationName: string };
  smsc: { errorTable?: readonly ErrorRow[]; quarantineOnHardError?: boolean };
}): SrErrorQualifier {
  const table = account.smsc.errorTable ?? [];
  const quarantineOnHard = account.smsc.quarantineOnHardError ?? true;
  return (status, errorCode) => {
    const q = qualifyError(table, errorKey(account.connection.implementationName, status, errorCode));
    const why = q.row === null ? "new error, counted as soft" : q.reason ? `${q.type}: ${q.reason}` : q.type;
    return { type: q.type, reason: `${q.key} (${why})`, quarantine: q.type === "hard" && quarantineOnHard };
  };
}
