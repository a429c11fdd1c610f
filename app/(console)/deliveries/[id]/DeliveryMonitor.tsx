"use client";

import { useEffect, useState } from "react";
import { useConfirm } from "@/components/shell/ConfirmDialog";
import type { DeliveryProgress } from "@/lib/deliveries/schema";
import { apiErrorMessage } from "@/lib/http/api-error-body";
import { StatusBadge } from "../StatusBadge";
import { formatDuration } from "@/lib/format-duration";
import { RateChart } from "./RateChart";
import { RecipientIssues } from "./RecipientIssues";
import { ErrorBreakdownCard } from "./ErrorBreakdownCard";
import { SendingOptionsSummary } from "./SendingOptionsSummary";

const LIVE = new Set(["pending", "scheduled", "running"]);

/** The deployment window: progress, KPIs, MT/s chart, ETA, cancel and the failures; polls the API once a second. */
export function DeliveryMonitor({ initial, canCancel }: { initial: DeliveryProgress; canCancel: boolean }) {
  const [d, setD] = useState(initial);
  const [cancelError, setCancelError] = useState<string | null>(null);
  const [cancelling, setCancelling] = useState(false);
  const [pollError, setPollError] = useState<string | null>(null);
  const [confirm, confirmDialog] = useConfirm();
  const id = initial.id;

  // One loop per delivery: a failed poll is shown and tried again a second later (it must not stop the loop). SRs
  // keep coming after the last submit, so the loop goes on for 30 polls after the delivery has ended.
  useEffect(() => {
    const abort = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    let status = initial.status;
    let tail = 30;
    const poll = async () => {
      try {
        const r = await fetch(`/api/v1/deliveries/${encodeURIComponent(id)}`, { cache: "no-store", signal: abort.signal });
        const body = await r.json().catch(() => null);
        if (r.ok && body) {
          status = (body as DeliveryProgress).status;
          setD(body as DeliveryProgress);
          setPollError(null);
        } else setPollError(apiErrorMessage(body, r.status));
      } catch {
        if (abort.signal.aborted) return;
        setPollError("Could not reach the server.");
      }
      if (!LIVE.has(status)) tail--;
      if (tail > 0) timer = setTimeout(poll, 1000);
    };
    if (LIVE.has(status) || tail > 0) timer = setTimeout(poll, 1000);
    return () => {
      abort.abort();
      clearTimeout(timer);
    };
  }, [id, initial.status]);

  const cancel = async () => {
    const sure = await confirm({
      title: "Cancel delivery",
      message: "Cancel this delivery? Recipients not sent yet will not be sent.",
      confirmLabel: "Cancel delivery",
      danger: true,
    });
    if (!sure) return;
    setCancelling(true);
    setCancelError(null);
    try {
      const r = await fetch(`/api/v1/deliveries/${encodeURIComponent(d.id)}/cancel`, { method: "POST" });
      const body = await r.json().catch(() => null);
      if (r.ok && body) setD(body as DeliveryProgress);
      else setCancelError(apiErrorMessage(body, r.status));
    } catch {
      setCancelError("Could not reach the server: the delivery was not cancelled.");
    } finally {
      setCancelling(false);
    }
  };

  const percent = d.total > 0 ? Math.floor((d.processed / d.total) * 100) : d.status === "finished" ? 100 : 0;
  const kpis: { key: string; label: string; value: number; hint?: string }[] = [
    { key: "processed", label: "Processed", value: d.processed, hint: `of ${d.total.toLocaleString("en")}` },
    { key: "sent", label: "Sent", value: d.sent, hint: "taken into account by the provider" },
    { key: "delivered", label: "Delivered", value: d.delivered, hint: "received on mobile" },
    {
      key: "bounces",
      label: "Bounces + errors",
      value: d.bouncesAndErrors,
      hint: `${d.failed.toLocaleString("en")} refused at submit`,
    },
    {
      key: "skipped",
      label: "Skipped",
      value: d.skipped,
      hint: `${d.invalid.toLocaleString("en")} invalid · ${d.duplicates.toLocaleString("en")} duplicate${d.duplicates === 1 ? "" : "s"} · ${d.quarantined.toLocaleString("en")} quarantined`,
    },
    {
      key: "duplicated",
      label: "Possibly duplicated",
      value: d.possiblyDuplicated,
      hint: "sent again after a submit_sm without answer",
    },
  ];

  return (
    <div className="space-y-6">
      {confirmDialog}
      <div className="flex items-start justify-between gap-4">
        <div className="min-w-0">
          <h1 className="flex items-center gap-3 text-xl font-semibold">
            <span data-testid="delivery-name" className="truncate">
              {d.name}
            </span>{" "}
            <StatusBadge status={d.status} />
          </h1>
          <DeliveryTimes d={d} />
          <p className="mt-1 text-sm text-slate-600">
            {d.accountLabel}
            {d.sender ? ` · from ${d.sender}` : ""} · by {d.createdBy || "?"}
          </p>
          <p className="mt-2 max-w-3xl rounded-md bg-slate-100 px-3 py-2 text-sm whitespace-pre-wrap">{d.text}</p>
          <SendingOptionsSummary options={d.options} />
        </div>
        {canCancel && LIVE.has(d.status) && (
          <button type="button" className="btn-danger shrink-0" disabled={cancelling} onClick={() => void cancel()}>
            Cancel delivery
          </button>
        )}
      </div>
      {pollError && (
        <p role="status" className="text-sm text-amber-700">
          Progress not refreshed: {pollError} Trying again every second.
        </p>
      )}
      {cancelError && (
        <p role="alert" className="text-sm text-red-700">
          {cancelError}
        </p>
      )}
      {d.error && (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">
          {d.error}
        </p>
      )}

      <div className="card space-y-2 p-4">
        <div className="flex items-baseline justify-between text-sm">
          <span>
            <span data-testid="progress-percent" className="text-lg font-semibold tabular-nums">
              {percent} %
            </span>{" "}
            <span className="text-slate-500">
              {d.processed.toLocaleString("en")} of {d.total.toLocaleString("en")} processed
            </span>
          </span>
          <span className="text-slate-600">
            <span data-testid="mt-per-second" className="tabular-nums">
              {d.mtPerSecond.toLocaleString("en")}
            </span>{" "}
            MT/s
            {d.status === "running" && (
              <>
                {" "}
                · ETA <span data-testid="eta">{d.etaSeconds === null ? "—" : formatDuration(d.etaSeconds)}</span>
              </>
            )}
          </span>
        </div>
        <div
          className="h-3 overflow-hidden rounded-full bg-slate-100"
          role="progressbar"
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={percent}
          aria-label="Progress"
        >
          <div className="h-full bg-indigo-600 transition-all" style={{ width: `${percent}%` }} />
        </div>
      </div>

      <div className="grid grid-cols-2 gap-3 md:grid-cols-3 xl:grid-cols-6">
        {kpis.map((k) => (
          <div key={k.key} className="card p-3">
            <div className="text-xs text-slate-500">{k.label}</div>
            <div data-testid={`kpi-${k.key}`} className="text-2xl font-semibold tabular-nums">
              {k.value.toLocaleString("en")}
            </div>
            {k.hint && <div className="mt-0.5 text-xs text-slate-400">{k.hint}</div>}
          </div>
        ))}
      </div>

      {d.bouncesAndErrors + d.errors.waitingRetry + d.errors.retried > 0 && (
        <ErrorBreakdownCard errors={d.errors} accountId={d.accountId} />
      )}

      <div className="card p-4">
        <div className="mb-2 text-sm font-medium text-slate-700">MT per second</div>
        <RateChart points={d.rate} />
      </div>

      <RecipientIssues
        deliveryId={d.id}
        counts={{ failed: d.bouncesAndErrors, skipped: d.skipped, possiblyDuplicated: d.possiblyDuplicated }}
      />
    </div>
  );
}

const at = (iso: string) => `${iso.slice(0, 19).replace("T", " ")} UTC`;

/** Scheduled start, start, end and duration. */
function DeliveryTimes({ d }: { d: DeliveryProgress }) {
  const parts: string[] = [];
  if (d.scheduledAt && !d.startedAt) parts.push(`Scheduled for ${at(d.scheduledAt)}`);
  if (d.startedAt) parts.push(`Started ${at(d.startedAt)}`);
  if (d.finishedAt) parts.push(`ended ${at(d.finishedAt)}`);
  if (d.startedAt && d.finishedAt)
    parts.push(`took ${formatDuration(Math.max(0, (Date.parse(d.finishedAt) - Date.parse(d.startedAt)) / 1000))}`);
  return parts.length ? (
    <p data-testid="delivery-times" className="mt-1 text-sm text-slate-600">
      {parts.join(" · ")}
    </p>
  ) : null;
}
