import "server-only";
import { db } from "@/lib/db";
import type { InboundSms } from "@/lib/generated/prisma/client";
import { heavyReadLimit } from "@/lib/http/read-limit";
import { matchesInboundFilters, type InboundSmsFilters } from "./filters";
import { subscribeInboundSms } from "./live";
import { toInboundSmsItem } from "./query";
import { errorMessage } from "@/lib/errors";

// The process-wide tail (live.ts) delivers rows the connector process commits within TAIL_POLL_MS; this poll catches
// up rows published while a browser was reconnecting (it resumes from Last-Event-ID).
const POLL_MS = 2_000;
// Proxies close idle streams; a comment line every 15 s keeps the connection open.
const HEARTBEAT_MS = 15_000;

/**
 * A server-sent-events stream of new inSMS rows passing `filters` (`event: insms`, `id:` the row id, data the item
 * JSON). Starts after `lastEventId` when the browser reconnects, else after the newest row now stored.
 */
export function inboundSmsEventStream(
  filters: InboundSmsFilters,
  opts: { lastEventId?: number; signal: AbortSignal },
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let cleanup = () => {};
  return new ReadableStream<Uint8Array>({
    async start(controller) {
      let closed = false;
      const sent = new Set<number>();
      let polledUpTo =
        opts.lastEventId ?? (await db.inboundSms.findFirst({ orderBy: { id: "desc" }, select: { id: true } }))?.id ?? 0;

      const write = (chunk: string) => {
        if (closed) return;
        try {
          controller.enqueue(encoder.encode(chunk));
        } catch {
          cleanup();
        }
      };
      const push = (row: InboundSms) => {
        if (row.id <= polledUpTo || sent.has(row.id) || !matchesInboundFilters(row, filters)) return;
        sent.add(row.id);
        write(`event: insms\nid: ${row.id}\ndata: ${JSON.stringify(toInboundSmsItem(row))}\n\n`);
      };

      let polling = false;
      const poll = async () => {
        if (polling || closed) return;
        polling = true;
        try {
          const rows = await heavyReadLimit().turn(() =>
            db.inboundSms.findMany({ where: { id: { gt: polledUpTo } }, orderBy: { id: "asc" }, take: 500 }),
          );
          for (const row of rows) {
            if (!sent.has(row.id) && matchesInboundFilters(row, filters)) {
              write(`event: insms\nid: ${row.id}\ndata: ${JSON.stringify(toInboundSmsItem(row))}\n\n`);
            }
            sent.delete(row.id);
            polledUpTo = row.id;
          }
        } catch (e) {
          console.error("[insms-live] poll failed:", errorMessage(e));
        } finally {
          polling = false;
        }
      };

      const unsubscribe = subscribeInboundSms(push);
      const pollTimer = setInterval(poll, POLL_MS);
      const beatTimer = setInterval(() => write(`: ping\n\n`), HEARTBEAT_MS);
      cleanup = () => {
        if (closed) return;
        closed = true;
        unsubscribe();
        clearInterval(pollTimer);
        clearInterval(beatTimer);
        try {
          controller.close();
        } catch {
          // already closed by the client
        }
      };
      opts.signal.addEventListener("abort", () => cleanup(), { once: true });
      // Tells the browser how long to wait before reconnecting, and that the feed is up (the page's "Live" badge).
      write(`retry: 3000\nevent: ready\ndata: {}\n\n`);
      if (opts.signal.aborted) cleanup();
    },
    cancel() {
      cleanup();
    },
  });
}
