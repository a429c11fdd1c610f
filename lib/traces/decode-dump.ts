import "server-only";
/**
 * The trace viewer's PDU decoder (issue 11): a pasted hex dump decoded by the decoder the traces use
 * (lib/smpp/wire-pdu.ts decodePdu, then lib/smpp/trace.ts traceFields), so a provider's dump reads exactly like
 * our own trace rows. Every failure is a sentence for the form, never a throw.
 */
import { commandStatusName } from "@/lib/smpp/codec/command-status";
import { traceFields } from "@/lib/smpp/trace";
import { decodePdu } from "@/lib/smpp/wire-pdu";
import { headerLengthProblem, parseHexDump } from "./hex-dump";

// node-smpp's field layouts (as lib/smpp/wire-pdu.ts reads them), to name a mandatory field a short body lacks.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const defs = require("smpp/lib/defs") as { commands: Record<string, { params?: Record<string, unknown> }> };

function firstMissingField(pdu: Record<string, unknown> & { command: string }): string | null {
  for (const key of Object.keys(defs.commands[pdu.command]?.params ?? {})) if (!(key in pdu)) return key;
  return null;
}

export type DecodedDump =
  | {
      ok: true;
      command: string;
      commandId: string;
      commandLength: number;
      status: string;
      sequence: number;
      fields: Record<string, unknown>;
      hex: string;
    }
  | { ok: false; error: string };

export function decodeHexDump(input: string): DecodedDump {
  const parsed = parseHexDump(input);
  if (!parsed.ok) return parsed;
  const problem = headerLengthProblem(parsed.bytes);
  if (problem) return { ok: false, error: problem };
  const bytes = Buffer.from(parsed.bytes);
  const commandId = bytes.readUInt32BE(4);
  const commandIdHex = `0x${commandId.toString(16).padStart(8, "0")}`;
  let pdu;
  try {
    pdu = decodePdu(bytes);
  } catch (e) {
    return {
      ok: false,
      error: `The body of command_id ${commandIdHex} cannot be decoded: ${e instanceof Error ? e.message : String(e)}`,
    };
  }
  if (typeof pdu.command !== "string" || pdu.command === "" || pdu.command === "unknown") {
    return { ok: false, error: `command_id ${commandIdHex} is not an SMPP v3.4 command` };
  }
  const missing = pdu.command_status === 0 ? firstMissingField(pdu) : null;
  if (missing) return { ok: false, error: `Truncated PDU: the ${pdu.command} body ends before its mandatory field ${missing}` };
  return {
    ok: true,
    command: pdu.command,
    commandId: commandIdHex,
    commandLength: bytes.length,
    status: commandStatusName(pdu.command_status >>> 0),
    sequence: pdu.sequence_number >>> 0,
    fields: traceFields(pdu),
    hex: bytes.toString("hex"),
  };
}
