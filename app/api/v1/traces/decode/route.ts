import { apiError, readJson, withApi } from "@/lib/http/api";
import { decodeHexDump } from "@/lib/traces/decode-dump";

export const dynamic = "force-dynamic";

/** A Wireshark hex dump of a 64 KB PDU (offset, 16 octets and the ASCII column per line) fits in this. */
const MAX_BODY_BYTES = 512 * 1024;

/**
 * `POST {hex}`: the PDU decoder of the trace viewer. 200 with the PDU as a trace row shows it
 * (command, status, sequence, fields, hex); 422 `fields.hex` saying what is wrong with the dump.
 */
export const POST = withApi("viewer", async (req) => {
  const body = await readJson(req, MAX_BODY_BYTES);
  if (!body.ok) return body.response;
  const hex = (body.value as { hex?: unknown } | null)?.hex;
  if (typeof hex !== "string")
    return apiError(422, "validation_failed", "Some fields are not valid", { hex: "A hex dump (text)" });
  const decoded = decodeHexDump(hex);
  if (!decoded.ok) return apiError(422, "validation_failed", decoded.error, { hex: decoded.error });
  return Response.json(decoded.pdu);
});
