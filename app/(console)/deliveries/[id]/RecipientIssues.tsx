"use client";

import { useEffect, useState } from "react";

type Issue = { id: number; number: string; line: number | null; state: string; reason: string | null; errorCode: string | null };
type Kind = "failed" | "skipped" | "possiblyDuplicated";

const TABS: { kind: Kind; label: string }[] = [
  { kind: "failed", label: "Failures" },
  { kind: "skipped", label: "Skipped" },
  { kind: "possiblyDuplicated", label: "Possibly duplicated" },
];

/** The recipients behind the failure, skip and duplicate counts, with their reasons; reloaded when `version` moves. */
export function RecipientIssues({ deliveryId, counts }: { deliveryId: string; counts: Record<Kind, number> }) {
  const [kind, setKind] = useState<Kind>("failed");
  const [items, setItems] = useState<Issue[]>([]);
  const [next, setNext] = useState<number | null>(null);
  const count = counts[kind];

  useEffect(() => {
    let live = true;
    void fetch(`/api/v1/deliveries/${encodeURIComponent(deliveryId)}/recipients?state=${kind}&limit=100`)
      .then((r) => (r.ok ? r.json() : { items: [], nextCursor: null }))
      .then((b: { items: Issue[]; nextCursor: number | null }) => {
        if (!live) return;
        setItems(b.items);
        setNext(b.nextCursor);
      });
    return () => {
      live = false;
    };
  }, [deliveryId, kind, count]);

  const more = async () => {
    if (next === null) return;
    const r = await fetch(
      `/api/v1/deliveries/${encodeURIComponent(deliveryId)}/recipients?state=${kind}&limit=100&cursor=${next}`,
    );
    if (!r.ok) return;
    const b = (await r.json()) as { items: Issue[]; nextCursor: number | null };
    setItems((xs) => [...xs, ...b.items]);
    setNext(b.nextCursor);
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
      </div>
      {items.length === 0 ? (
        <p className="p-6 text-center text-sm text-slate-500">None.</p>
      ) : (
        <table className="w-full text-sm" data-testid={`issues-${kind}`}>
          <thead className="border-b bg-slate-50 text-left text-slate-500">
            <tr>
              <th className="px-4 py-2">Line</th>
              <th className="px-4 py-2">Number</th>
              <th className="px-4 py-2">State</th>
              <th className="px-4 py-2">Reason</th>
            </tr>
          </thead>
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
          <button type="button" className="btn" onClick={() => void more()}>
            Show more
          </button>
        </div>
      )}
    </div>
  );
}
