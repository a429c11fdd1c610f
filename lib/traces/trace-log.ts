import "server-only";
/**
 * The per-account trace log ("Verbose SMPP traces"): `${DATA_DIR}/traces/<accountId>.jsonl`, one PDU per
 * line, appended in batches (a bound connector may trace thousands of PDUs a second: one write per PDU would be the
 * bottleneck), rotated to `<accountId>.1.jsonl` past MAX_BYTES so a forgotten option cannot fill the disk.
 */
import fs from "node:fs";
import path from "node:path";
import { dataDir } from "@/lib/data-dir";
import type { PduEvent } from "@/lib/smpp/session";
import { tracePdu, type TracePdu } from "@/lib/smpp/trace";
import { errorMessage } from "@/lib/errors";

/** Size at which the log is rotated (the previous one is kept, so up to twice this on disk per account). */
export const MAX_BYTES = 10 * 1024 * 1024;
const FLUSH_MS = 100;

/** Which session a logged PDU belongs to: the connector's live bind, or an admin's Test connection / Test send. */
export type TraceSession = "live" | "test_connection" | "test_send";

/** A line of the log: the PDU as traced, and its session (absent in lines written before the session was logged). */
export type LoggedTracePdu = TracePdu & { session?: TraceSession };

const ID_PATTERN = /^[A-Za-z0-9_-]{1,100}$/;

export function tracesDir(): string {
  return path.join(dataDir(), "traces");
}

export function traceFile(accountId: string, generation: 0 | 1 = 0): string {
  if (!ID_PATTERN.test(accountId)) throw new Error("Invalid account id for a trace file");
  return path.join(tracesDir(), generation === 0 ? `${accountId}.jsonl` : `${accountId}.1.jsonl`);
}

type Buffered = { lines: string[]; timer: NodeJS.Timeout | null; flushing: Promise<void> | null };
const buffers = new Map<string, Buffered>();

/** Queues trace lines for the account's log; written within FLUSH_MS. */
export function appendTraces(accountId: string, pdus: readonly LoggedTracePdu[]): void {
  if (pdus.length === 0) return;
  traceFile(accountId); // validates the id before anything is queued
  let b = buffers.get(accountId);
  if (!b) {
    b = { lines: [], timer: null, flushing: null };
    buffers.set(accountId, b);
  }
  for (const p of pdus) b.lines.push(JSON.stringify(p));
  if (!b.timer) {
    b.timer = setTimeout(() => void flushTraces(accountId), FLUSH_MS);
    b.timer.unref();
  }
}

/** Writes what is queued for the account (or every account) now. */
export async function flushTraces(accountId?: string): Promise<void> {
  if (accountId === undefined) {
    await Promise.all([...buffers.keys()].map((id) => flushTraces(id)));
    return;
  }
  const b = buffers.get(accountId);
  if (!b) return;
  if (b.timer) clearTimeout(b.timer);
  b.timer = null;
  // One write at a time per file, in order.
  while (b.flushing) await b.flushing;
  if (b.lines.length === 0) return;
  const text = b.lines.join("\n") + "\n";
  b.lines = [];
  b.flushing = write(accountId, text).finally(() => {
    b.flushing = null;
  });
  await b.flushing;
  if (b.lines.length === 0 && !b.timer) buffers.delete(accountId);
}

/**
 * Removes an account's trace log (both generations) and drops what is queued for it: a deleted account leaves no
 * file behind. The web server calls it when the account is deleted, the connector again once the
 * account's binds have stopped (their last PDUs may have been queued after the first removal).
 */
export async function removeTraces(accountId: string): Promise<void> {
  if (!ID_PATTERN.test(accountId)) return;
  const b = buffers.get(accountId);
  if (b) {
    if (b.timer) clearTimeout(b.timer);
    b.timer = null;
    b.lines = [];
    while (b.flushing) await b.flushing;
    buffers.delete(accountId);
  }
  await Promise.all([0, 1].map((g) => fs.promises.rm(traceFile(accountId, g as 0 | 1), { force: true })));
}

async function write(accountId: string, text: string): Promise<void> {
  const file = traceFile(accountId);
  try {
    await fs.promises.mkdir(tracesDir(), { recursive: true, mode: 0o700 });
    const size = await fs.promises.stat(file).then(
      (s) => s.size,
      () => 0,
    );
    if (size > 0 && size + Buffer.byteLength(text) > MAX_BYTES) await fs.promises.rename(file, traceFile(accountId, 1));
    await fs.promises.appendFile(file, text, { mode: 0o600 });
  } catch (e) {
    // Traces are diagnostics: a full disk must not break sending.
    console.error(`[traces] could not write the trace log of account ${accountId}:`, errorMessage(e));
  }
}

/**
 * A session `onPdu` hook that writes every PDU to the account's log, or undefined when the account's verbose
 * traces are off (so that the session does no trace work at all). `also` receives each formatted PDU too; `session`
 * is written with each line so the viewer tells the live bind from the tests' sessions.
 */
export function traceHookFor(
  accountId: string,
  verboseTraces: boolean,
  also?: (pdu: TracePdu) => void,
  session: TraceSession = "live",
): ((event: PduEvent) => void) | undefined {
  if (!verboseTraces && !also) return undefined;
  return (event) => {
    // Runs inside the session's socket handler: a trace that cannot be formatted must never break the session.
    try {
      const pdu = tracePdu(event);
      also?.(pdu);
      if (verboseTraces) appendTraces(accountId, [{ ...pdu, session }]);
    } catch (e) {
      console.error(`[traces] could not trace a ${event.pdu.command} of account ${accountId}:`, errorMessage(e));
    }
  };
}

export type TraceQuery = { limit?: number; command?: string | null };

/** The latest `limit` PDUs of the account's log (oldest first), optionally of one command (`submit_sm` also matches `submit_sm_resp`). */
export async function readTraces(accountId: string, query: TraceQuery = {}): Promise<LoggedTracePdu[]> {
  await flushTraces(accountId);
  const limit = Math.max(1, Math.min(query.limit ?? 200, 5000));
  const command = query.command?.trim() || null;
  const matches = (p: LoggedTracePdu) => !command || p.command === command || p.command === `${command}_resp`;
  const out: LoggedTracePdu[] = [];
  for (const generation of [0, 1] as const) {
    const lines = await readLinesBackwards(traceFile(accountId, generation), limit, (line) => {
      try {
        const p = JSON.parse(line) as LoggedTracePdu;
        return matches(p) ? p : null;
      } catch {
        return null;
      }
    });
    out.unshift(...lines);
    if (out.length >= limit) break;
  }
  return out.slice(-limit);
}

/** Reads a JSONL file from its end in chunks until `limit` lines were accepted; oldest first. */
async function readLinesBackwards<T>(file: string, limit: number, accept: (line: string) => T | null): Promise<T[]> {
  let handle: fs.promises.FileHandle;
  try {
    handle = await fs.promises.open(file, "r");
  } catch {
    return [];
  }
  try {
    const { size } = await handle.stat();
    const chunkSize = 256 * 1024;
    const found: T[] = [];
    let pos = size;
    let tail = Buffer.alloc(0);
    while (pos > 0 && found.length < limit) {
      const len = Math.min(chunkSize, pos);
      pos -= len;
      const chunk = Buffer.alloc(len);
      await handle.read(chunk, 0, len, pos);
      let buf = Buffer.concat([chunk, tail]);
      // Keep the first (possibly partial) line for the next round unless the file starts here.
      const firstNl = pos > 0 ? buf.indexOf(10) : -1;
      if (pos > 0 && firstNl < 0) {
        tail = buf;
        continue;
      }
      tail = pos > 0 ? buf.subarray(0, firstNl) : Buffer.alloc(0);
      buf = pos > 0 ? buf.subarray(firstNl + 1) : buf;
      const lines = buf.toString("utf8").split("\n");
      for (let i = lines.length - 1; i >= 0 && found.length < limit; i--) {
        if (!lines[i]) continue;
        const v = accept(lines[i]);
        if (v !== null) found.push(v);
      }
    }
    return found.reverse();
  } finally {
    await handle.close();
  }
}

/** The whole log (rotated part first) for download, or null when there is none. */
export async function traceLogText(accountId: string): Promise<string | null> {
  await flushTraces(accountId);
  const parts: string[] = [];
  for (const generation of [1, 0] as const) {
    try {
      parts.push(await fs.promises.readFile(traceFile(accountId, generation), "utf8"));
    } catch {
      // no such generation
    }
  }
  return parts.length ? parts.join("") : null;
}
