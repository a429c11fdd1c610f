"use client";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useCallback, useState } from "react";
import { LocalTime } from "@/components/shell/LocalTime";
import { apiErrorMessage } from "@/lib/http/api-error-body";
import type { InboundSmsItem, InboundSmsPage } from "@/lib/insms/query";
import { useLiveInbound, type LiveState } from "./useLiveInbound";
import { errorMessage } from "@/lib/errors";
import { TableHead } from "@/components/shell/TableHead";

export function InboundTable({
  initial,
  initialCursor,
  query,
  accounts,
  filtered,
}: {
  initial: InboundSmsPage;
  /** The cursor of the page the URL opened (null: the first page). */
  initialCursor: string | null;
  query: string;
  accounts: { id: string; label: string }[];
  filtered: boolean;
}) {
  const [page, setPage] = useState(initial);
  // Cursors of the pages before this one (null = the first page): "Previous" goes back along the keyset (to the
  // first page from a page opened by its URL, whose predecessors are not known).
  const [history, setHistory] = useState<(string | null)[]>(initialCursor ? [null] : []);
  const [current, setCurrent] = useState<string | null>(initialCursor);
  const [bom, setBom] = useState(false);
  const [fresh, setFresh] = useState<Set<number>>(new Set());
  const [waiting, setWaiting] = useState(0);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const router = useRouter();
  const labels = new Map(accounts.map((a) => [a.id, a.label]));
  const onFirstPage = current === null;
  // The detail carries the list's filters and page in its URL, so its "back" link opens this very page again.
  const detailHref = (id: number) => {
    const params = new URLSearchParams(query);
    if (current) params.set("cursor", current);
    const q = params.toString();
    return `/insms/${id}${q ? `?${q}` : ""}`;
  };

  const onItem = useCallback(
    (item: InboundSmsItem) => {
      if (!onFirstPage) {
        setWaiting((n) => n + 1);
        return;
      }
      setPage((p) => (p.items.some((i) => i.id === item.id) ? p : { ...p, items: [item, ...p.items] }));
      setFresh((s) => new Set(s).add(item.id));
    },
    [onFirstPage],
  );
  const live = useLiveInbound(query, onItem);

  async function load(cursor: string | null): Promise<boolean> {
    setLoading(true);
    setError(null);
    try {
      const params = new URLSearchParams(query);
      if (cursor) params.set("cursor", cursor);
      const res = await fetch(`/api/v1/insms?${params}`, { cache: "no-store" });
      const body = await res.json();
      if (!res.ok) throw new Error(apiErrorMessage(body, res.status));
      setPage(body as InboundSmsPage);
      setCurrent(cursor);
      // The page in the URL (filters are there already): a reload or a copied link opens this page.
      const url = new URL(window.location.href);
      if (cursor) url.searchParams.set("cursor", cursor);
      else url.searchParams.delete("cursor");
      window.history.replaceState(window.history.state, "", url);
      setFresh(new Set());
      if (cursor === null) setWaiting(0);
      return true;
    } catch (e) {
      setError(`Could not load the page: ${errorMessage(e)}`);
      return false;
    } finally {
      setLoading(false);
    }
  }

  const next = async () => {
    if (page.nextCursor && (await load(page.nextCursor))) setHistory((h) => [...h, current]);
  };
  const previous = async () => {
    const back = history[history.length - 1];
    if (history.length > 0 && (await load(back))) setHistory((h) => h.slice(0, -1));
  };
  const latest = async () => {
    if (await load(null)) setHistory([]);
  };

  return (
    <div className="card">
      <div className="flex flex-wrap items-center gap-3 border-b border-slate-200 px-4 py-2">
        <LiveBadge state={live} />
        {waiting > 0 && (
          <button type="button" className="btn" onClick={latest}>
            {waiting} new — show latest
          </button>
        )}
        <div className="ml-auto flex items-center gap-2">
          <label
            className="flex items-center gap-1 text-xs text-slate-600"
            title="Adds UTF-8's byte order mark, so that Excel shows accents and emoji"
          >
            <input type="checkbox" checked={bom} onChange={(e) => setBom(e.target.checked)} />
            For Excel (UTF-8 BOM)
          </label>
          <a href={`/api/v1/insms/export?${exportQuery(query, bom)}`} className="btn" download>
            Export CSV
          </a>
          <button type="button" className="btn" onClick={previous} disabled={loading || history.length === 0}>
            ← Previous
          </button>
          <button type="button" className="btn" onClick={next} disabled={loading || !page.nextCursor}>
            Next →
          </button>
        </div>
      </div>
      {error && <p className="px-4 py-2 text-sm text-red-600">{error}</p>}
      {page.partial && (
        <p className="border-b border-slate-200 bg-amber-50 px-4 py-2 text-xs text-amber-800">
          The text search looked through part of the messages and stopped to stay fast; “Next” continues it.
        </p>
      )}
      {page.items.length === 0 ? (
        <p className="p-8 text-center text-sm text-slate-500" data-testid="insms-empty">
          {filtered
            ? "No incoming SMS match these filters."
            : "No incoming SMS yet. MO appear here as they arrive, when an account stores them."}
        </p>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full text-sm">
            <TableHead columns={[["Received", "whitespace-nowrap"], "Account", "Sender", "To", "Message", "Auto-reply"]} />
            <tbody>
              {page.items.map((m) => (
                <tr
                  key={m.id}
                  data-testid="insms-row"
                  className={`cursor-pointer border-b align-top last:border-0 hover:bg-slate-50 ${fresh.has(m.id) ? "bg-emerald-50" : ""}`}
                  onClick={(e) => {
                    // The link in the first cell navigates by itself; a drag that selected text (to copy it) is no click.
                    if ((e.target as HTMLElement).closest("a") || window.getSelection()?.toString()) return;
                    router.push(detailHref(m.id));
                  }}
                >
                  <td className="px-4 py-2 whitespace-nowrap text-slate-600">
                    <Link
                      href={detailHref(m.id)}
                      className="hover:text-indigo-700 hover:underline"
                      aria-label={`Details of SMS ${m.id}`}
                    >
                      <LocalTime iso={m.receivedAt ?? m.createdAt} />
                    </Link>
                  </td>
                  <td className="px-4 py-2">{labels.get(m.accountId) ?? m.accountId}</td>
                  <td className="px-4 py-2 font-mono">{m.origin}</td>
                  <td className="px-4 py-2 font-mono">{m.destination}</td>
                  <td className="max-w-xl px-4 py-2 break-words whitespace-pre-wrap">{m.message}</td>
                  <td className="px-4 py-2 text-slate-600">
                    {m.keyword ? `${m.keyword}${m.action && m.action !== "none" ? ` → ${m.action}` : ""}` : "—"}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

function LiveBadge({ state }: { state: LiveState }) {
  const style =
    state === "live"
      ? "bg-emerald-50 text-emerald-700 ring-emerald-200"
      : state === "connecting"
        ? "bg-slate-50 text-slate-600 ring-slate-200"
        : "bg-amber-50 text-amber-700 ring-amber-200";
  const text = state === "live" ? "Live" : state === "connecting" ? "Connecting…" : "Reconnecting…";
  return (
    <span
      data-testid="live-badge"
      className={`inline-flex items-center gap-1.5 rounded-full px-2 py-0.5 text-xs font-medium ring-1 ${style}`}
    >
      <span className={`h-1.5 w-1.5 rounded-full ${state === "live" ? "animate-pulse bg-emerald-500" : "bg-current"}`} />
      {text}
    </span>
  );
}

/** The export's query: the list's filters, and bom=1 when asked. */
function exportQuery(query: string, bom: boolean): string {
  const params = new URLSearchParams(query);
  if (bom) params.set("bom", "1");
  return params.toString();
}
