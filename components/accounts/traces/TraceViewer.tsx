"use client";
import { useCallback, useEffect, useMemo, useState } from "react";
import { responseErrorMessage } from "@/lib/http/api-error-body";
import { PduDecoder } from "./PduDecoder";
import { tracePdus, type TracePdu } from "./pdu";
import { TraceTable } from "./TraceTable";

const LIMIT = 500;

/** Requests of SMPP v3.4 an account's sessions send or receive; the filter also shows each one's _resp. */
const COMMANDS = [
  "bind_transceiver",
  "bind_transmitter",
  "bind_receiver",
  "submit_sm",
  "deliver_sm",
  "data_sm",
  "enquire_link",
  "unbind",
  "generic_nack",
] as const;

/** The account's trace log (verbose traces): filter by command, follow live by polling, download as JSON lines. */
export function TraceViewer({ accountId, verbose }: { accountId: string; verbose: boolean }) {
  const [pdus, setPdus] = useState<TracePdu[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [command, setCommand] = useState("");
  const [follow, setFollow] = useState(false);
  const [loaded, setLoaded] = useState(false);

  const load = useCallback(async () => {
    try {
      const query = new URLSearchParams({ limit: String(LIMIT) });
      if (command) query.set("command", command);
      const r = await fetch(`/api/v1/accounts/${encodeURIComponent(accountId)}/traces?${query}`, { cache: "no-store" });
      if (!r.ok) {
        setError(r.status === 404 ? "The trace log is not available." : await responseErrorMessage(r));
        return;
      }
      setError(null);
      setPdus(tracePdus(await r.json()));
    } catch {
      setError("Could not reach the server.");
    } finally {
      setLoaded(true);
    }
  }, [accountId, command]);

  useEffect(() => {
    // First load, then every 2 s while following.
    let timer: ReturnType<typeof setInterval> | undefined;
    const first = setTimeout(() => void load(), 0);
    if (follow) timer = setInterval(() => void load(), 2000);
    return () => {
      clearTimeout(first);
      if (timer) clearInterval(timer);
    };
  }, [follow, load]);

  // Newest first: the latest PDU is what the admin looks for.
  const shown = useMemo(() => [...pdus].sort((a, b) => new Date(b.at).getTime() - new Date(a.at).getTime()), [pdus]);

  return (
    <section className="card p-5" aria-labelledby="traces-title">
      <div className="mb-3 flex flex-wrap items-center gap-3">
        <h2 id="traces-title" className="text-base font-semibold">
          SMPP traces
        </h2>
        {!verbose ? (
          <span className="text-xs text-slate-500">
            Verbose traces are off: no new PDU is logged (Test connection and Test send still show their own session’s trace).
          </span>
        ) : null}
        <div className="ml-auto flex flex-wrap items-center gap-2">
          <label htmlFor="trace-command" className="sr-only">
            Command
          </label>
          <select id="trace-command" className="input w-48" value={command} onChange={(e) => setCommand(e.target.value)}>
            <option value="">All commands</option>
            {COMMANDS.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
          <label className="flex items-center gap-1.5">
            <input type="checkbox" checked={follow} onChange={(e) => setFollow(e.target.checked)} />
            Follow live
          </label>
          <button type="button" className="btn" onClick={() => void load()}>
            Refresh
          </button>
          <a className="btn" href={`/api/v1/accounts/${encodeURIComponent(accountId)}/traces?download=1`} download>
            Download
          </a>
        </div>
      </div>
      <PduDecoder />
      {error ? <p className="text-sm text-red-600">{error}</p> : null}
      {!loaded ? (
        <p className="text-sm text-slate-500">Loading…</p>
      ) : (
        <div className="max-h-[32rem] overflow-y-auto">
          <TraceTable pdus={shown} label="Account trace log" showSession />
        </div>
      )}
    </section>
  );
}
