"use client";
import { useEffect, useRef, useState } from "react";
import type { InboundSmsItem } from "@/lib/insms/query";

export type LiveState = "connecting" | "live" | "reconnecting";

/**
 * Subscribes to the inSMS server-sent events for the given filters; `onItem` gets each new row.
 * EventSource reconnects by itself and resumes after the last id it saw (Last-Event-ID).
 */
export function useLiveInbound(query: string, onItem: (item: InboundSmsItem) => void): LiveState {
  const [state, setState] = useState<LiveState>("connecting");
  const handler = useRef(onItem);
  useEffect(() => {
    handler.current = onItem;
  }, [onItem]);

  useEffect(() => {
    const source = new EventSource(`/api/v1/insms/stream${query ? `?${query}` : ""}`);
    source.addEventListener("ready", () => setState("live"));
    source.addEventListener("insms", (e) => {
      setState("live");
      try {
        handler.current(JSON.parse((e as MessageEvent<string>).data) as InboundSmsItem);
      } catch {
        // a malformed event is skipped; the next page load shows the row anyway
      }
    });
    source.onerror = () => setState("reconnecting");
    return () => source.close();
  }, [query]);

  return state;
}
