/**
 * Reads a pasted hex dump into octets for the PDU decoder: plain hex ("0000001080000009…"), octets
 * separated by spaces, newlines, colons, commas or dashes, each optionally prefixed `0x`, and Wireshark's
 * "Copy as Hex Dump" lines (`0000   00 00 00 10 80 00 00 09  …   ........`): their offset and ASCII column are
 * dropped, and an offset that disagrees with the octets read so far (a line left out) is an error.
 * Client-safe: no Buffer, so the form checks the dump before anything is sent.
 */

export type HexDumpResult = { ok: true; bytes: Uint8Array } | { ok: false; error: string };

/** A decoded dump as POST /api/v1/traces/decode answers it and the trace viewer's decoder shows it. */
export type DecodedPdu = {
  command: string;
  commandId: string;
  commandLength: number;
  status: string;
  sequence: number;
  fields: Record<string, unknown>;
  hex: string;
};

/** The most octets read (a PDU is at most 64 KB of body plus its header, codec/pdu-length.ts). */
export const MAX_DUMP_OCTETS = 65_536 + 16;

// Offset (4–8 hex digits, optionally 0x and a colon), then 1–16 octets separated by one or two spaces (Wireshark
// puts two after the 8th); the ASCII column comes after three or more spaces, or after the 16th octet.
const OFFSET_LINE = /^(?:0x)?([0-9a-fA-F]{4,8}):?\s+((?:[0-9a-fA-F]{2})(?: {1,2}[0-9a-fA-F]{2}){0,15})(?:\s{2,}.*|\s*)$/;

const SEPARATORS = /[\s,:;-]+/;

export function parseHexDump(input: string): HexDumpResult {
  const lines = input.split(/\r?\n/).filter((l) => l.trim() !== "");
  if (lines.length === 0) return { ok: false, error: "Paste a hex dump of one PDU" };
  const offsetLines = lines.map((l) => OFFSET_LINE.exec(l.trim()));
  if (offsetLines.every((m) => m !== null)) {
    return fromOffsetLines(offsetLines as RegExpExecArray[]);
  }
  let hex = "";
  for (let i = 0; i < lines.length; i++) {
    for (const token of lines[i].trim().split(SEPARATORS)) {
      const digits = token.replace(/^0x/i, "").replace(/^\\x/i, "");
      const bad = /[^0-9a-fA-F]/.exec(digits);
      if (bad) {
        const where = lines.length > 1 ? ` on line ${i + 1}` : "";
        return { ok: false, error: `"${token}"${where} is not hex (${JSON.stringify(bad[0])} is not a hex digit)` };
      }
      hex += digits;
    }
  }
  if (hex.length === 0) return { ok: false, error: "Paste a hex dump of one PDU" };
  if (hex.length % 2 !== 0) return { ok: false, error: `Odd number of hex digits (${hex.length}): an octet is two digits` };
  return toBytes(hex);
}

function fromOffsetLines(matches: RegExpExecArray[]): HexDumpResult {
  let hex = "";
  for (let i = 0; i < matches.length; i++) {
    const offset = parseInt(matches[i][1], 16);
    const sofar = hex.length / 2;
    if (offset !== sofar) {
      return {
        ok: false,
        error: `Line ${i + 1} starts at offset 0x${matches[i][1]} but ${sofar} octets were read before it: is a line missing?`,
      };
    }
    hex += matches[i][2].replace(/\s+/g, "");
  }
  return toBytes(hex);
}

function toBytes(hex: string): HexDumpResult {
  const n = hex.length / 2;
  if (n > MAX_DUMP_OCTETS) return { ok: false, error: `The dump has ${n} octets: a PDU has at most ${MAX_DUMP_OCTETS}` };
  const bytes = new Uint8Array(n);
  for (let i = 0; i < n; i++) bytes[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return { ok: true, bytes };
}

/**
 * What the header says against what the dump holds (SMPP v3.4 §3.2): the message names the problem in octets.
 * Returns null when command_length matches the dump.
 */
export function headerLengthProblem(bytes: Uint8Array): string | null {
  if (bytes.length < 16) {
    return `Truncated PDU: ${bytes.length} octets, the header alone is 16 (command_length, command_id, command_status, sequence_number)`;
  }
  const commandLength = ((bytes[0] << 24) | (bytes[1] << 16) | (bytes[2] << 8) | bytes[3]) >>> 0;
  if (commandLength < 16) return `command_length is ${commandLength}: a PDU is at least 16 octets (its header)`;
  if (commandLength > bytes.length) {
    return `Truncated PDU: command_length says ${commandLength} octets, the dump has ${bytes.length} (${commandLength - bytes.length} missing)`;
  }
  if (commandLength < bytes.length) {
    return `command_length says ${commandLength} octets but the dump has ${bytes.length} (${bytes.length - commandLength} after the PDU): paste one PDU`;
  }
  return null;
}
