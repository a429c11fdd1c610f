"use client";
import { Fragment, useState } from "react";
import { formatAt, type TracePdu } from "./pdu";

/**
 * PDUs of an SMPP session, one row each; a row opens to its decoded fields and hex. The open row is remembered by
 * its PDU (not its position), so it stays open on that PDU when a filter or a refresh changes the rows around it.
 * `showSession` adds the session column of the account's log (live bind, Test connection, Test send).
 */
export function TraceTable({
  pdus,
  label = "SMPP trace",
  showSession = false,
}: {
  pdus: TracePdu[];
  label?: string;
  showSession?: boolean;
}) {
  const [open, setOpen] = useState<string | null>(null);
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
          {showSession ? <th className="px-2 py-1">Session</th> : null}
        </tr>
      </thead>
      <tbody className="font-mono">
        {pdus.map((p, i) => {
          const key = pduKey(p);
          const isOpen = open === key;
          return (
            <Fragment key={`${key}#${i}`}>
              <tr
                className="cursor-pointer border-b border-slate-100 hover:bg-slate-50"
                onClick={() => setOpen(isOpen ? null : key)}
                data-testid="trace-row"
                aria-expanded={isOpen}
              >
                <td className="px-2 py-1 whitespace-nowrap">{formatAt(p.at)}</td>
                <td className="px-2 py-1" title={p.direction === "out" ? "sent to the SMSC" : "received from the SMSC"}>
                  {p.direction === "out" ? "→ out" : "← in"}
                </td>
                <td className="px-2 py-1">{p.command}</td>
                <td className="px-2 py-1">{p.sequence}</td>
                <td className="px-2 py-1">{statusText(p)}</td>
                {showSession ? (
                  <td className="px-2 py-1 whitespace-nowrap font-sans" data-testid="trace-session">
                    {sessionLabel(p.session)}
                  </td>
                ) : null}
              </tr>
              {isOpen ? (
                <tr className="border-b border-slate-100 bg-slate-50">
                  <td colSpan={showSession ? 6 : 5} className="px-2 py-2">
                    <pre className="overflow-x-auto whitespace-pre-wrap break-all">{JSON.stringify(p.fields ?? {}, null, 2)}</pre>
                    {p.hex ? (
                      <pre className="mt-2 overflow-x-auto break-all whitespace-pre-wrap text-slate-500">{groupHex(p.hex)}</pre>
                    ) : null}
                  </td>
                </tr>
              ) : null}
            </Fragment>
          );
        })}
      </tbody>
    </table>
  );
}

/** A PDU's identity in the log: the same line read again gives the same key. */
function pduKey(p: TracePdu): string {
  return [p.at, p.direction, p.command, p.sequence, String(p.session ?? ""), p.hex ?? ""].join("|");
}

const SESSION_LABELS: Record<string, string> = {
  live: "Live bind",
  test_connection: "Test connection",
  test_send: "Test send",
};

function sessionLabel(session: unknown): string {
  return typeof session === "string" ? (SESSION_LABELS[session] ?? session) : "—";
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
