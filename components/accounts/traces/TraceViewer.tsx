"use client";
import { useCallback, useEffect, useMemo, useState } from "react";
import { tracePdus, type TracePdu } from "./pdu";
import { TraceTable } from "./TraceTable";

const LIMIT = 500;

/** The account's trace log (verbose traces): filter by command, follow live by polling, download as JSON lines. */
export function TraceViewer({ accountId, verbose }: { accountId: string; verbose: boolean }) {
  const [pdus, setPdus] = useState<TracePdu[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [command, setCommand] = useState("");
  const [follow, setFollow] = useState(false);
  const [loaded, setLoaded] = useState(false);

  const load = useCallback(async () => {
    try {
      const r = await fetch(`/api/v1/accounts/${encodeURIComponent(accountId)}/traces?limit=${LIMIT}`, { cache: "no-store" });
      if (!r.ok) {
        setError(r.status === 404 ? "The trace log is not available." : await errorMessage(r));
        return;
      }
      setError(null);
      setPdus(tracePdus(await r.json()));
    } catch {
      setError("Could not reach the server.");
    } finally {
      setLoaded(true);
    }
  }, [accountId]);

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

  const commands = useMemo(() => [...new Set(pdus.map((p) => p.command))].sort(), [pdus]);
  const shown = useMemo(() => {
    const list = command ? pdus.filter((p) => p.command === command) : pdus;
    // Newest first: the latest PDU is what the admin looks for.
    return [...list].sort((a, b) => new Date(b.at).getTime() - new Date(a.at).getTime());
  }, [pdus, command]);

  const download = () => {
    const blob = new Blob([shown.map((p) => JSON.stringify(p)).join("\n") + "\n"], { type: "application/x-ndjson" });
    const url = URL.createObjectURL(blob);
    const a = document.createElement("a");
    a.href = url;
    a.download = `smpp-trace-${accountId}.ndjson`;
    a.click();
    URL.revokeObjectURL(url);
  };

  return (
    <section className="card p-5" aria-labelledby="traces-title">
      <div className="mb-3 flex flex-wrap items-center gap-3">
        <h2 id="traces-title" className="text-base font-semibold">
          SMPP traces
        </h2>
        {!verbose ? <span className="text-xs text-slate-500">Verbose traces are off: only test sessions are logged.</span> : null}
        <div className="ml-auto flex flex-wrap items-center gap-2">
          <label htmlFor="trace-command" className="sr-only">
            Command
          </label>
          <select id="trace-command" className="input w-48" value={command} onChange={(e) => setCommand(e.target.value)}>
            <option value="">All commands</option>
            {commands.map((c) => (
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
          <button type="button" className="btn" onClick={download} disabled={shown.length === 0}>
            Download
          </button>
        </div>
      </div>
      {error ? <p className="text-sm text-red-600">{error}</p> : null}
      {!loaded ? <p className="text-sm text-slate-500">Loading…</p> : <div className="max-h-[32rem] overflow-y-auto"><TraceTable pdus={shown} label="Account trace log" /></div>}
    </section>
  );
}

/** The spec's error JSON `{error: {message}}` as a sentence. */
export async function errorMessage(r: Response): Promise<string> {
  try {
    const body = (await r.json()) as { error?: { message?: string; code?: string } };
    if (body.error?.message) return body.error.message;
  } catch {
    // not JSON: fall through
  }
  return `The server answered ${r.status}.`;
}
