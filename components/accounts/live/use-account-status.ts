"use client";
import { useEffect, useState } from "react";

/** One bind as the connector process published it, as `GET /api/v1/accounts/{id}/status` describes it (fields may grow). */
export interface BindStatus {
  key?: string;
  role?: string;
  kind?: string;
  connectionIndex?: number;
  host?: string;
  port?: number;
  smscSystemId?: string | null;
  inFlight?: number;
  state?: string;
  bound?: boolean;
  since?: string | null;
  lastError?: string | null;
  /** The connector node holding this bind's slot (several in a cluster). */
  nodeId?: string;
  [field: string]: unknown;
}

export interface AccountStatus {
  state: "bound" | "connecting" | "disconnected" | "disabled" | string;
  binds: BindStatus[];
  since?: string | null;
  lastError?: string | null;
  sentLastMinute?: number;
  queue?: number;
  /** The connector process's last heartbeat behind this state; stale when it is older than a few seconds. */
  heartbeatAt?: string | null;
  stale?: boolean;
  /** The connector processes holding the binds. */
  nodeIds?: string[];
}

export type StatusView = { kind: "loading" } | { kind: "unavailable" } | { kind: "ok"; status: AccountStatus };

/**
 * Polls the connector's live status of one account. When the status API is not there (connector not running,
 * or an older server) the view says "unavailable" instead of failing the page.
 */
export function useAccountStatus(accountId: string, intervalMs = 3000, initial?: AccountStatus | null): StatusView {
  const [view, setView] = useState<StatusView>(initial ? { kind: "ok", status: initial } : { kind: "loading" });
  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      try {
        const r = await fetch(`/api/v1/accounts/${encodeURIComponent(accountId)}/status`, { cache: "no-store" });
        const body = r.ok ? ((await r.json()) as AccountStatus) : null;
        if (!stopped)
          setView(
            body && typeof body.state === "string"
              ? { kind: "ok", status: { ...body, binds: Array.isArray(body.binds) ? body.binds : [] } }
              : { kind: "unavailable" },
          );
      } catch {
        if (!stopped) setView({ kind: "unavailable" });
      }
      if (!stopped) timer = setTimeout(poll, intervalMs);
    };
    // With a server-rendered first state, the first poll waits one interval.
    if (initial) timer = setTimeout(poll, intervalMs);
    else void poll();
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    };
    // `initial` only seeds the first render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [accountId, intervalMs]);
  return view;
}
