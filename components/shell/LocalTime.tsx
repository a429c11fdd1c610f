"use client";
import { useSyncExternalStore } from "react";
import { utcText } from "@/lib/utc-text";

const pad = (n: number) => String(n).padStart(2, "0");

/** `2026-12-03 18:04:05 CET`: the browser's time zone, its short name from Intl. */
function localText(d: Date): string {
  const zone =
    new Intl.DateTimeFormat("en-GB", { timeZoneName: "short" }).formatToParts(d).find((p) => p.type === "timeZoneName")?.value ??
    "";
  const date = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
  const time = `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
  return `${date} ${time}${zone ? ` ${zone}` : ""}`;
}

const noSubscription = () => () => undefined;

/**
 * A time in the browser's time zone, with UTC on hover. The server knows no browser's zone: it renders UTC, and the
 * browser swaps in its local time once hydrated (useSyncExternalStore's server snapshot, so no hydration mismatch).
 */
export function LocalTime({ iso, testId }: { iso: string | null; testId?: string }) {
  const local = useSyncExternalStore(
    noSubscription,
    () => (iso ? localText(new Date(iso)) : null),
    () => null,
  );
  if (!iso) return <span data-testid={testId}>—</span>;
  const utc = utcText(new Date(iso));
  return (
    <time dateTime={iso} title={utc} data-testid={testId}>
      {local ?? utc}
    </time>
  );
}
