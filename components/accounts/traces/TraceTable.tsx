"use client";
import { Fragment, useState } from "react";
import { formatAt, type TracePdu } from "./pdu";

/** PDUs of an SMPP session, one row each; a row opens to its decoded fields and hex. */
export function TraceTable({ pdus, label = "SMPP trace" }: { pdus: TracePdu[]; label?: string }) {
  const [open, setOpen] = useState<number | null>(null);
  if (pdus.length === 0) return <p className="text-sm text-slate-500">No PDU.</p>;
  return (
    <table className="w-full text-xs" aria-label={label}>
      <thead className="border-b text-left text-slate-500">
        <tr>
          <th className="px-2 py-1">Time (UTC)</th>
          <th className="px-2 py-1">Dir.</th>
          <th className="px-2 py-1">Command</th>
          <th className="px-2 py-1">Seq.</th>
          <th className="px-2 py-1">Status</th>
        </tr>
      </thead>
      <tbody className="font-mono">
        {pdus.map((p, i) => (
          <Fragment key={i}>
            <tr
              className="cursor-pointer border-b border-slate-100 hover:bg-slate-50"
              onClick={() => setOpen(open === i ? null : i)}
              data-testid="trace-row"
              aria-expanded={open === i}
            >
              <td className="px-2 py-1 whitespace-nowrap">{formatAt(p.at)}</td>
              <td className="px-2 py-1" title={p.direction === "out" ? "sent to the SMSC" : "received from the SMSC"}>
                {p.direction === "out" ? "→ out" : "← in"}
              </td>
              <td className="px-2 py-1">{p.command}</td>
              <td className="px-2 py-1">{p.sequence}</td>
              <td className="px-2 py-1">{statusText(p)}</td>
            </tr>
            {open === i ? (
              <tr className="border-b border-slate-100 bg-slate-50">
                <td colSpan={5} className="px-2 py-2">
                  <pre className="overflow-x-auto whitespace-pre-wrap break-all">{JSON.stringify(p.fields ?? {}, null, 2)}</pre>
                  {p.hex ? (
                    <pre className="mt-2 overflow-x-auto break-all whitespace-pre-wrap text-slate-500">{groupHex(p.hex)}</pre>
                  ) : null}
                </td>
              </tr>
            ) : null}
          </Fragment>
        ))}
      </tbody>
    </table>
  );
}

function statusText(p: TracePdu): string {
  if (p.statusName) return p.statusName;
  if (p.status === null || p.status === undefined) return "";
  return String(p.status);
}

/** "0000001080000009…" → octets grouped by 4 for reading. */
function groupHex(hex: string): string {
  const clean = hex.replace(/\s+/g, "");
  return (clean.match(/.{1,8}/g) ?? []).join(" ");
}
