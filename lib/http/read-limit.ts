import "server-only";
import pLimit, { type LimitFunction } from "p-limit";
import { apiError } from "./api";
import { byteLimitFromEnv } from "./bounded-body";
import { singleton } from "@/lib/singleton";

/**
 * At most API_READ_CONCURRENCY (1) heavy reads run at once in this web process, one per event-loop turn: an inSMS
 * list request, a batch of the CSV export, a poll of the live feed. The others wait in order; beyond API_READ_QUEUE
 * (256) waiting, a list or export request is answered 503 `busy` with Retry-After at once.
 *
 * Why: every such read is synchronous SQLite work (better-sqlite3) plus Prisma and Next on the one event loop.
 * Two hundred of them at once make each loop iteration last hundreds of milliseconds, and libuv accepts one new
 * connection per iteration (libuv PR #3696): a new connection, a load balancer's `/api/health` among them, then
 * waited in the kernel's accept queue for as long as the load lasted (bench `isolation`: 32 s). Waiting here costs
 * nothing, so the iterations stay short, new connections are accepted and cheap routes answer meanwhile.
 * p-limit (sindresorhus, the usual promise limiter) keeps the FIFO queue and counts.
 */
export type ReadLimit = {
  limit: LimitFunction;
  maxQueue: number;
  /** Runs `fn` in a slot (waiting for one in order); null when the queue is full (the caller answers 503). */
  run<T>(fn: () => Promise<T>): Promise<T> | null;
  /** Runs `fn` in a slot, however long the queue (the next batch of a response already under way). */
  turn<T>(fn: () => Promise<T>): Promise<T>;
};

/**
 * Resolves in the event loop's next turn. A read here runs start to end in microtasks (better-sqlite3 answers
 * synchronously), and p-limit starts the next waiting one as each ends: without this turn, the whole queue would run
 * in one go and the loop would poll no socket meanwhile. With it, each slot runs at most one read per turn.
 */
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

export function createReadLimit(concurrency: number, maxQueue: number): ReadLimit {
  const limit = pLimit(concurrency);
  const turn = <T>(fn: () => Promise<T>) => limit(() => nextTurn().then(fn));
  return {
    limit,
    maxQueue,
    turn,
    run(fn) {
      // Counted synchronously (p-limit queues at once): requests arriving in one tick see each other.
      if (limit.activeCount + limit.pendingCount >= concurrency + maxQueue) return null;
      return turn(fn);
    },
  };
}

/** The process's limiter for heavy API reads (one per process, whatever the route module instances). */
export function heavyReadLimit(): ReadLimit {
  return singleton("read-limit", () =>
    createReadLimit(byteLimitFromEnv("API_READ_CONCURRENCY", 1), byteLimitFromEnv("API_READ_QUEUE", 256)),
  );
}

/** Seconds a client is told to wait after a 503 busy. */
export const BUSY_RETRY_AFTER_SECONDS = 1;

export function busyResponse(): Response {
  const res = apiError(503, "busy", "The server is answering many reads at once: try again in a moment");
  res.headers.set("retry-after", String(BUSY_RETRY_AFTER_SECONDS));
  return res;
}

type Handler<C> = (req: Request, ctx?: C) => Promise<Response>;

/**
 * Wraps a route handler (authentication included) so that it runs under heavyReadLimit(). A request whose client went
 * away while it waited is not run.
 */
export function limitedRead<C>(handler: Handler<C>): Handler<C> {
  return (req, ctx) => {
    const queued = heavyReadLimit().run(() =>
      req.signal.aborted ? Promise.resolve(new Response(null, { status: 499 })) : handler(req, ctx),
    );
    return queued ?? Promise.resolve(busyResponse());
  };
}
