import "server-only";
import { createRequire } from "node:module";
import path from "node:path";
import { Worker } from "node:worker_threads";
import { databaseUrl, isPostgresUrl } from "@/lib/database-url";
import { errorMessage } from "@/lib/errors";
import type { RecipientOutcome } from "./journal-outcomes";
import type { Settles, SqliteClaim } from "./send-journal-sqlite";
import { decodeClaimed, encodeOutcomes, type WireOutcomes } from "./journal-wire";

/**
 * The send journal's SQLite steps (claim, release, flush: send-journal-sqlite.ts) on a worker thread with its own
 * connection to the database file. In the connector process the binds, the dispatcher and the MO/SR commits share one
 * event loop; about half of its CPU per MT was better-sqlite3 running these statements synchronously on that loop.
 * On the worker they run beside it, on the machine's other core, while the loop keeps the window full.
 *
 * Nothing about durability changes: each step is still one IMMEDIATE transaction, answered only once committed; the
 * worker runs its steps one at a time in the order they were asked, as the single connection did. SQLite serialises
 * the worker's transactions with the connector's own (MO, SR) as it does between processes: neither side sleeps on
 * a lock (busy_timeout 0, retried asynchronously, lib/storage/sqlite-writer.ts).
 *
 * The worker runs TypeScript through tsx's require hook (the connector itself runs under tsx); `start()` says whether
 * it came up, and the journal keeps its steps on the connector's own connection when it did not. A worker that dies
 * later fails the steps it had (the dispatcher keeps their outcomes and writes them again) and is started again by
 * the next step (see `start` for the pause after repeated deaths).
 */

export type JournalCall =
  | { op: "claim"; deliveryId: string; limit: number; shortCode: string; owner: string | null }
  | { op: "release"; ids: readonly number[]; settles: Settles }
  | { op: "flush"; batch: readonly RecipientOutcome[]; samples: readonly (readonly [string, string])[]; settles: Settles };

export type JournalResult<C extends JournalCall> = C extends { op: "claim" }
  ? SqliteClaim
  : C extends { op: "flush" }
    ? Map<string, string[]>
    : void;

/** A step as it crosses to the worker: a flush's outcomes, and a claim's answer back, as flat arrays (journal-wire.ts). */
export type JournalWireCall =
  | Exclude<JournalCall, { op: "flush" }>
  | { op: "flush"; batch: WireOutcomes; samples: readonly (readonly [string, string])[]; settles: Settles };

/** main → worker */
export type JournalRequest = { id: number; call: JournalWireCall } | { id: 0; close: true };
/** worker → main */
export type JournalReply =
  { ready: true } | { id: number; ok: true; value: unknown } | { id: number; ok: false; message: string; code?: string };

/** A worker that ran this long before it died counts as the first death of a new series. */
const RESTART_RESET_MS = 10_000;

type Waiting = { resolve: (value: unknown) => void; reject: (e: Error) => void };

export class JournalThread {
  private worker: Worker | null = null;
  private up: Promise<void> | null = null;
  private nextId = 1;
  private readonly waiting = new Map<number, Waiting>();
  private closed = false;
  /** Workers that died in a row (each within RESTART_RESET_MS of its start), and when the next may start. */
  private deaths = 0;
  private notBefore = 0;

  /** `url`: the SQLite DATABASE_URL the worker opens. */
  constructor(
    readonly url: string,
    private readonly log: (message: string) => void = (m) => console.error(`[journal] ${m}`),
  ) {}

  /**
   * Starts the worker and waits until it has opened the database; rejects when it could not. After a worker died,
   * the next starts at once; after two or more in a row, not before a pause (0.25 s doubling up to 30 s) — a worker
   * that cannot open the database is not started again on every step.
   */
  start(): Promise<void> {
    if (this.up) return this.up;
    const wait = this.notBefore - Date.now();
    if (wait > 0) return Promise.reject(new Error(`the journal thread stopped; started again in ${wait} ms`));
    const startedAt = Date.now();
    // Beside this module: read here, not at import, since only a process running the sources (under tsx: the
    // connector, tests, benches) starts a thread — in the web server's bundle this path would not be the source's.
    const entry = path.join(import.meta.dirname, "journal-worker.ts");
    const tsx = createRequire(entry).resolve("tsx/cjs");
    const worker = new Worker(
      `require(${JSON.stringify(tsx)}); require(require("node:worker_threads").workerData.entry);`,
      // react-server: the worker loads the server's modules ("server-only" resolves to nothing under it).
      { eval: true, workerData: { url: this.url, entry }, execArgv: ["--conditions=react-server"] },
    );
    worker.unref();
    this.worker = worker;
    const up = new Promise<void>((resolve, reject) => {
      worker.on("message", (m: JournalReply) => {
        if ("ready" in m) return resolve();
        const w = this.waiting.get(m.id);
        if (!w) return;
        this.waiting.delete(m.id);
        if (m.ok) w.resolve(m.value);
        else w.reject(Object.assign(new Error(m.message), m.code ? { code: m.code } : {}));
      });
      const gone = (why: Error) => {
        reject(why);
        if (this.worker !== worker) return;
        this.worker = null;
        this.up = null;
        for (const w of this.waiting.values()) w.reject(why);
        this.waiting.clear();
        if (Date.now() - startedAt >= RESTART_RESET_MS) this.deaths = 0;
        this.deaths++;
        const pause = this.deaths < 2 ? 0 : Math.min(30_000, 250 * 2 ** (this.deaths - 2));
        this.notBefore = Date.now() + pause;
        if (!this.closed) this.log(`worker stopped: ${why.message}${pause > 0 ? ` (started again in ${pause} ms)` : ""}`);
      };
      worker.on("error", gone);
      worker.on("exit", (code) => gone(new Error(`the journal thread exited (${code})`)));
    });
    this.up = up;
    return up;
  }

  /** Runs one step on the worker; resolves once its transaction has committed. */
  async call<C extends JournalCall>(call: C): Promise<JournalResult<C>> {
    if (this.closed) throw new Error("the journal thread is closed");
    await this.start();
    const worker = this.worker;
    if (!worker) throw new Error("the journal thread stopped");
    const id = this.nextId++;
    const wire: JournalWireCall = call.op === "flush" ? { ...call, batch: encodeOutcomes(call.batch) } : call;
    const value = await new Promise<unknown>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      worker.postMessage({ id, call: wire } satisfies JournalRequest);
    });
    if (call.op !== "claim") return value as JournalResult<C>;
    const claim = value as Omit<SqliteClaim, "claimed"> & { claimed: unknown[] };
    return { ...claim, claimed: decodeClaimed(claim.claimed) } as JournalResult<C>;
  }

  /** Lets the worker finish what it was asked, close its connection and exit (terminated after `ms`). */
  async close(ms = 2000): Promise<void> {
    this.closed = true;
    const worker = this.worker;
    if (!worker) return;
    const exited = new Promise<void>((r) => worker.once("exit", () => r()));
    worker.postMessage({ id: 0, close: true } satisfies JournalRequest);
    const timer = setTimeout(() => void this.terminate(), ms);
    await exited;
    clearTimeout(timer);
  }

  /**
   * Stops the worker at once, as a crash would: a transaction it had open is rolled back by SQLite, the steps it had
   * fail, and the next step starts a new worker (unless closed).
   */
  async terminate(): Promise<void> {
    await this.worker?.terminate();
  }
}

/**
 * A started journal thread on `url` (SQLite); null on PostgreSQL, whose journal needs none, or when it cannot start —
 * then the journal runs on the caller's loop, and that is logged.
 */
export async function startJournalThread(url: string = databaseUrl()): Promise<JournalThread | null> {
  if (isPostgresUrl(url)) return null;
  const thread = new JournalThread(url);
  try {
    await thread.start();
    return thread;
  } catch (e) {
    console.error(`[journal] thread not started, the send journal runs on the event loop: ${errorMessage(e)}`);
    return null;
  }
}
