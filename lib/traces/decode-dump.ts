import "server-only";
/**
 * The trace viewer's PDU decoder: a pasted hex dump decoded by the decoder the traces use
 * (lib/smpp/wire-pdu.ts decodePdu, then lib/smpp/trace.ts traceFields), so a provider's dump reads exactly like
 * our own trace rows. Every failure is a sentence for the form, never a throw.
 */
import { commandStatusName } from "@/lib/smpp/codec/command-status";
import { traceFields } from "@/lib/smpp/trace";
import { decodePdu, missingMandatoryField } from "@/lib/smpp/wire-pdu";
import { errorMessage } from "@/lib/errors";
import { headerLengthProblem, parseHexDump, type DecodedPdu } from "./hex-dump";

export type DecodedDump = { ok: true; pdu: DecodedPdu } | { ok: false; error: string };

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
      error: `The body of command_id ${commandIdHex} cannot be decoded: ${errorMessage(e)}`,
    };
  }
  if (typeof pdu.command !== "string" || pdu.command === "" || pdu.command === "unknown") {
    return { ok: false, error: `command_id ${commandIdHex} is not an SMPP v3.4 command` };
  }
  const missing = pdu.command_status === 0 ? missingMandatoryField(pdu) : null;
  if (missing) return { ok: false, error: `Truncated PDU: the ${pdu.command} body ends before its mandatory field ${missing}` };
  return {
    ok: true,
    pdu: {
      command: pdu.command,
      commandId: commandIdHex,
      commandLength: bytes.length,
      status: commandStatusName(pdu.command_status >>> 0),
      sequence: pdu.sequence_number >>> 0,
      fields: traceFields(pdu),
      hex: bytes.toString("hex"),
    },
  };
}
