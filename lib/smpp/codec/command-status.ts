/**
 * SMPP v3.4 command_status values (SMPP v3.4 §5.1.3, Table 5-2), shown everywhere as
 * `ESME_RTHROTTLED (0x00000058)` so that an admin can look the code up in the SMSC's documentation.
 * Client-safe: plain data, no Node imports.
 */

export const COMMAND_STATUS = {
  ESME_ROK: 0x00,
  ESME_RINVMSGLEN: 0x01,
  ESME_RINVCMDLEN: 0x02,
  ESME_RINVCMDID: 0x03,
  ESME_RINVBNDSTS: 0x04,
  ESME_RALYBND: 0x05,
  ESME_RINVPRTFLG: 0x06,
  ESME_RINVREGDLVFLG: 0x07,
  ESME_RSYSERR: 0x08,
  ESME_RINVSRCADR: 0x0a,
  ESME_RINVDSTADR: 0x0b,
  ESME_RINVMSGID: 0x0c,
  ESME_RBINDFAIL: 0x0d,
  ESME_RINVPASWD: 0x0e,
  ESME_RINVSYSID: 0x0f,
  ESME_RCANCELFAIL: 0x11,
  ESME_RREPLACEFAIL: 0x13,
  ESME_RMSGQFUL: 0x14,
  ESME_RINVSERTYP: 0x15,
  ESME_RINVNUMDESTS: 0x33,
  ESME_RINVDLNAME: 0x34,
  ESME_RINVDESTFLAG: 0x40,
  ESME_RINVSUBREP: 0x42,
  ESME_RINVESMCLASS: 0x43,
  ESME_RCNTSUBDL: 0x44,
  ESME_RSUBMITFAIL: 0x45,
  ESME_RINVSRCTON: 0x48,
  ESME_RINVSRCNPI: 0x49,
  ESME_RINVDSTTON: 0x50,
  ESME_RINVDSTNPI: 0x51,
  ESME_RINVSYSTYP: 0x53,
  ESME_RINVREPFLAG: 0x54,
  ESME_RINVNUMMSGS: 0x55,
  ESME_RTHROTTLED: 0x58,
  ESME_RINVSCHED: 0x61,
  ESME_RINVEXPIRY: 0x62,
  ESME_RINVDFTMSGID: 0x63,
  ESME_RX_T_APPN: 0x64,
  ESME_RX_P_APPN: 0x65,
  ESME_RX_R_APPN: 0x66,
  ESME_RQUERYFAIL: 0x67,
  ESME_RINVOPTPARSTREAM: 0xc0,
  ESME_ROPTPARNOTALLWD: 0xc1,
  ESME_RINVPARLEN: 0xc2,
  ESME_RMISSINGOPTPARAM: 0xc3,
  ESME_RINVOPTPARAMVAL: 0xc4,
  ESME_RDELIVERYFAILURE: 0xfe,
  ESME_RUNKNOWNERR: 0xff,
} as const;

export type CommandStatusName = keyof typeof COMMAND_STATUS;

/** Other names seen in SMSC documentation and SMPP v5 for the same codes; accepted by `commandStatusCode`. */
const ALIASES: Record<string, number> = {
  ESME_RQUEUEFUL: 0x14,
  ESME_RINVTLVSTREAM: 0xc0,
  ESME_RTLVNOTALLWD: 0xc1,
  ESME_RINVTLVLEN: 0xc2,
  ESME_RMISSINGTLV: 0xc3,
  ESME_RINVTLVVAL: 0xc4,
};

const NAME_BY_CODE = new Map<number, string>(
  Object.entries(COMMAND_STATUS).map(([name, code]) => [code, name] as [number, string]),
);

/** `0x00000058` */
export function commandStatusHex(code: number): string {
  return `0x${(code >>> 0).toString(16).toUpperCase().padStart(8, "0")}`;
}

/**
 * `ESME_RTHROTTLED (0x00000058)`. Codes 0x400–0x4FF are reserved for SMSC vendors (§5.1.3) and
 * are named as such, so an unknown code still reads as an SMPP status.
 */
export function commandStatusName(code: number): string {
  const c = code >>> 0;
  const name = NAME_BY_CODE.get(c) ?? (c >= 0x400 && c <= 0x4ff ? "SMSC vendor-specific error" : "Unknown status");
  return `${name} (${commandStatusHex(c)})`;
}

/** The bare name (`ESME_RTHROTTLED`) or null when the code is not an SMPP v3.4 status. */
export function commandStatusShortName(code: number): string | null {
  return NAME_BY_CODE.get(code >>> 0) ?? null;
}

/** Code for a status name (including common aliases such as ESME_RQUEUEFUL), or null. */
export function commandStatusCode(name: string): number | null {
  const key = name.trim().toUpperCase();
  if (key in COMMAND_STATUS) return COMMAND_STATUS[key as CommandStatusName];
  return ALIASES[key] ?? null;
}

/**
 * Statuses that say "not now" rather than "never": the same submit_sm may succeed later, so the MT is retried
 * (after `reconnectDelay` or the throttle window) instead of being marked Failed.
 * ESME_RX_T_APPN is the ESME/SMSC "temporary application error" (§5.1.3); the others are SMSC congestion.
 */
const RETRYABLE = new Set<number>([
  COMMAND_STATUS.ESME_RTHROTTLED,
  COMMAND_STATUS.ESME_RMSGQFUL,
  COMMAND_STATUS.ESME_RSYSERR,
  COMMAND_STATUS.ESME_RX_T_APPN,
  COMMAND_STATUS.ESME_RINVBNDSTS,
]);

export function isRetryableStatus(code: number): boolean {
  return RETRYABLE.has(code >>> 0);
}
