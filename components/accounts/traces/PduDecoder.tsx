"use client";
import { useId, useState } from "react";
import { apiErrorOf } from "@/lib/http/api-error-body";
import { parseHexDump, type DecodedPdu as Decoded } from "@/lib/traces/hex-dump";

/**
 * Paste a hex dump (a provider's ticket, Wireshark's "Copy as Hex Dump") and read each field as the traces show
 * it. The dump is checked here first (not hex, odd length); the server decodes it with the traces' decoder
 * and says what is wrong with the PDU (truncated, command_length disagreeing) next to the field.
 */
export function PduDecoder() {
  const id = useId();
  const [text, setText] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [decoded, setDecoded] = useState<Decoded | null>(null);
  const [busy, setBusy] = useState(false);

  async function decode() {
    setDecoded(null);
    const parsed = parseHexDump(text);
    if (!parsed.ok) {
      setError(parsed.error);
      return;
    }
    setBusy(true);
    try {
      const r = await fetch("/api/v1/traces/decode", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ hex: text }),
      });
      const body: unknown = await r.json().catch(() => null);
      if (!r.ok) {
        const e = apiErrorOf(body);
        setError(e?.fields?.hex ?? e?.message ?? `The server answered ${r.status}.`);
        return;
      }
      setError(null);
      setDecoded(body as Decoded);
    } catch {
      setError("Could not reach the server.");
    } finally {
      setBusy(false);
    }
  }

  return (
    <details className="mb-4 rounded border border-slate-200 p-3" data-testid="pdu-decoder">
      <summary className="cursor-pointer text-sm font-medium">Decode a hex dump</summary>
      <div className="mt-3 space-y-2">
        <label htmlFor={`${id}-hex`} className="block text-sm">
          Hex dump of one PDU (plain hex, octets separated by spaces, colons or 0x, or Wireshark’s “Copy as Hex Dump”)
        </label>
        <textarea
          id={`${id}-hex`}
          className="input h-32 w-full font-mono text-xs"
          spellCheck={false}
          value={text}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
          onChange={(e) => {
            setText(e.target.value);
            setError(null);
          }}
        />
        {error ? (
          <p id={`${id}-error`} role="alert" className="text-sm text-red-600" data-testid="pdu-decoder-error">
            {error}
          </p>
        ) : null}
        <button type="button" className="btn" disabled={busy} onClick={() => void decode()}>
          Decode
        </button>
        {decoded ? <DecodedPdu pdu={decoded} /> : null}
      </div>
    </details>
  );
}

function DecodedPdu({ pdu }: { pdu: Decoded }) {
  const rows: [string, unknown][] = [
    ["command_length", pdu.commandLength],
    ["command_id", `${pdu.commandId} (${pdu.command})`],
    ["command_status", pdu.status],
    ["sequence_number", pdu.sequence],
    ...Object.entries(pdu.fields),
  ];
  return (
    <table className="w-full text-xs" aria-label="Decoded PDU">
      <tbody className="font-mono">
        {rows.map(([name, value]) => (
          <tr key={name} className="border-b border-slate-100" data-field={name}>
            <th scope="row" className="px-2 py-1 text-left align-top font-normal text-slate-500">
              {name}
            </th>
            <td className="px-2 py-1 break-all whitespace-pre-wrap">
              {typeof value === "object" && value !== null ? JSON.stringify(value, null, 2) : String(value)}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
