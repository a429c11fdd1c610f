import "server-only";
import pg from "pg";
import { errorMessage } from "@/lib/errors";
import { singleton } from "@/lib/singleton";
import { PG_CONNECTION_OPTIONS } from "./pool";

/**
 * LISTEN/NOTIFY between the processes of a PostgreSQL deployment: the connector NOTIFYs in the transaction
 * that stores an MO (delivered at its commit, never for a rolled-back row), the web process NOTIFYs an account change;
 * each process LISTENs on one session of its own. A lost session reconnects (1 s, then up to 10 s) and tells each
 * listener, which then catches up by a read (a notification sent meanwhile is not replayed).
 */
export const CHANNEL = { insms: "sms_insms", changes: "sms_changes" } as const;
export type Channel = (typeof CHANNEL)[keyof typeof CHANNEL];

type Handler = { onMessage: (payload: string) => void; onReconnect?: () => void };
type State = {
  url: string;
  client: pg.Client | null;
  connecting: Promise<void> | null;
  handlers: Map<string, Set<Handler>>;
  retryMs: number;
};

function state(url: string): State {
  return singleton<State>("pg-listen", () => ({ url, client: null, connecting: null, handlers: new Map(), retryMs: 1000 }));
}

async function connect(s: State): Promise<void> {
  const c = new pg.Client({
    connectionString: s.url,
    ...PG_CONNECTION_OPTIONS,
    application_name: `sms-console:listen:${process.pid}`,
  });
  const lost = () => {
    if (s.client !== c) return;
    s.client = null;
    void c.end().catch(() => undefined);
    if (s.handlers.size > 0) setTimeout(() => void ensure(s, true), s.retryMs).unref();
    s.retryMs = Math.min(s.retryMs * 2, 10_000);
  };
  c.on("error", lost);
  c.on("end", lost);
  c.on("notification", (n) => {
    for (const h of s.handlers.get(n.channel) ?? []) {
      try {
        h.onMessage(n.payload ?? "");
      } catch (e) {
        console.error(`[listen] ${n.channel} handler failed: ${errorMessage(e)}`);
      }
    }
  });
  try {
    await c.connect();
    for (const ch of s.handlers.keys()) await c.query(`LISTEN ${ch}`);
  } catch (e) {
    await c.end().catch(() => undefined);
    console.error(`[listen] cannot LISTEN: ${errorMessage(e)}`);
    if (s.handlers.size > 0) setTimeout(() => void ensure(s, true), s.retryMs).unref();
    s.retryMs = Math.min(s.retryMs * 2, 10_000);
    return;
  }
  s.client = c;
  s.retryMs = 1000;
}

async function ensure(s: State, reconnected = false): Promise<void> {
  if (s.client) return;
  await (s.connecting ??= connect(s).finally(() => (s.connecting = null)));
  if (reconnected && s.client) for (const hs of s.handlers.values()) for (const h of hs) h.onReconnect?.();
}

/** Calls `onMessage` with each notification's payload on `channel` until the returned function is called. */
export async function listen(
  url: string,
  channel: Channel,
  onMessage: (payload: string) => void,
  onReconnect?: () => void,
): Promise<() => Promise<void>> {
  const s = state(url);
  let set = s.handlers.get(channel);
  const first = !set;
  if (!set) s.handlers.set(channel, (set = new Set()));
  const h: Handler = { onMessage, onReconnect };
  set.add(h);
  await ensure(s);
  if (first && s.client) await s.client.query(`LISTEN ${channel}`).catch(() => undefined);
  return async () => {
    set.delete(h);
    if (set.size > 0) return;
    s.handlers.delete(channel);
    await s.client?.query(`UNLISTEN ${channel}`).catch(() => undefined);
    if (s.handlers.size === 0 && s.client) {
      const c = s.client;
      s.client = null;
      await c.end().catch(() => undefined);
    }
  };
}

/** NOTIFY payloads are limited to 8,000 bytes: ids go in chunks of this many. */
export const IDS_PER_NOTIFY = 500;
