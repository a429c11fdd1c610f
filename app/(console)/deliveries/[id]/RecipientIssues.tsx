"use client";

import { useEffect, useRef, useState } from "react";
import type { RecipientIssue as Issue } from "@/lib/deliveries/repository";
import { responseErrorMessage } from "@/lib/http/api-error-body";
import { errorMessage } from "@/lib/errors";
import { TableHead } from "@/components/shell/TableHead";

type Kind = "failed" | "skipped" | "possiblyDuplicated";
type Page = { items: Issue[]; nextCursor: number | null };

const TABS: { kind: Kind; label: string }[] = [
  { kind: "failed", label: "Failures" },
  { kind: "skipped", label: "Skipped" },
  { kind: "possiblyDuplicated", label: "Possibly duplicated" },
];

async function readPage(deliveryId: string, kind: Kind, cursor: number | null, signal?: AbortSignal): Promise<Page> {
  const r = await fetch(
    `/api/v1/deliveries/${encodeURIComponent(deliveryId)}/recipients?state=${kind}&limit=100${cursor === null ? "" : `&cursor=${cursor}`}`,
    { signal },
  );
  if (!r.ok) throw new Error(await responseErrorMessage(r));
  return (await r.json()) as Page;
}

/**
 * The recipients behind the failure, skip and duplicate counts, with their reasons. The first page is read again
 * when the tab's count moves, unless more pages have been opened (the reader keeps what they are looking at).
 */
export function RecipientIssues({ deliveryId, counts }: { deliveryId: string; counts: Record<Kind, number> }) {
  const [kind, setKind] = useState<Kind>("failed");
  const [items, setItems] = useState<Issue[]>([]);
  const [next, setNext] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const extended = useRef(false);
  const shownKind = useRef(kind);
  const count = counts[kind];

  useEffect(() => {
    extended.current = false;
    shownKind.current = kind;
  }, [kind]);

  useEffect(() => {
    if (extended.current) return;
    const abort = new AbortController();
    readPage(deliveryId, kind, null, abort.signal).then(
      (b) => {
        setItems(b.items);
        setNext(b.nextCursor);
        setError(null);
      },
      (e: unknown) => {
        if (!abort.signal.aborted) setError(`Could not load the list: ${errorMessage(e)}`);
      },
    );
    return () => abort.abort();
  }, [deliveryId, kind, count]);

  const more = async () => {
    if (next === null || loadingMore) return;
    const forKind = kind;
    setLoadingMore(true);
    try {
      const b = await readPage(deliveryId, forKind, next);
      // The tab changed while this page was loading: it belongs to the other list.
      if (forKind !== shownKind.current) return;
      extended.current = true;
      setItems((xs) => [...xs, ...b.items]);
      setNext(b.nextCursor);
    } catch (e) {
      setError(`Could not load more: ${errorMessage(e)}`);
    } finally {
      setLoadingMore(false);
    }
  };

  return (
    <div className="card">
      <div className="flex gap-1 border-b px-3 pt-2" role="tablist">
        {TABS.map((t) => (
          <button
            key={t.kind}
            type="button"
            role="tab"
            aria-selected={kind === t.kind}
            className={`rounded-t-md px-3 py-1.5 text-sm ${kind === t.kind ? "border border-b-0 border-slate-200 bg-white font-medium" : "text-slate-500 hover:text-slate-800"}`}
            onClick={() => setKind(t.kind)}
          >
            {t.label} ({counts[t.kind].toLocaleString("en")})
          </button>
        ))}
        <a
          className="ml-auto self-center text-sm text-indigo-700 hover:underline"
          data-testid="export-csv"
          href={`/api/v1/deliveries/${encodeURIComponent(deliveryId)}/export?state=${kind}`}
          download
        >
          Export as CSV
        </a>
      </div>
      {error && (
        <p role="alert" className="px-4 pt-3 text-sm text-red-700">
          {error}
        </p>
      )}
      {items.length === 0 ? (
        <p className="p-6 text-center text-sm text-slate-500">None.</p>
      ) : (
        <table className="w-full text-sm" data-testid={`issues-${kind}`}>
          <TableHead columns={["Line", "Number", "State", "Reason"]} />
          <tbody>
            {items.map((r) => (
              <tr key={r.id} className="border-b last:border-0">
                <td className="px-4 py-1.5 tabular-nums text-slate-500">{r.line ?? ""}</td>
                <td className="px-4 py-1.5 font-mono">{r.number}</td>
                <td className="px-4 py-1.5">{r.state}</td>
                <td className="px-4 py-1.5">
                  {r.reason ?? (kind === "possiblyDuplicated" ? "Sent again after a submit_sm without answer" : "")}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {next !== null && (
        <div className="border-t p-2 text-center">
          <button type="button" className="btn" disabled={loadingMore} onClick={() => void more()}>
            Show more
          </button>
        </div>
      )}
    </div>
  );
}
