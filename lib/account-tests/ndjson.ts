import "server-only";
import { errorMessage } from "@/lib/errors";
import type { StreamErrorLine } from "./answers";
/**
 * Test connection / Test send answered as NDJSON ("reports each step as it happens"): one line per event as
 * it happens, then the complete answer — the same object the plain JSON answer has — as the last line. The test
 * stops (its sessions close) as soon as the client goes away, whether the request's signal or the stream says so.
 */

export const NDJSON_TYPE = "application/x-ndjson";

/** True when the client asked for NDJSON (`Accept: application/x-ndjson`, not refused with q=0). */
export function wantsNdjson(req: Request): boolean {
  const accept = req.headers.get("accept") ?? "";
  return accept
    .split(",")
    .map((part) => part.trim().toLowerCase().split(";"))
    .some(([type, ...params]) => type.trim() === NDJSON_TYPE && !params.some((p) => /^\s*q\s*=\s*0(\.0*)?\s*$/.test(p)));
}

/** Headers that keep every proxy on the way (nginx, compression) from holding lines back. */
export const NDJSON_HEADERS = {
  "content-type": `${NDJSON_TYPE}; charset=utf-8`,
  // no-transform: Next's gzip (and other proxies) must not buffer the lines into compressed blocks.
  "cache-control": "no-cache, no-transform",
  "x-accel-buffering": "no",
} as const;

/**
 * Streams `run`: each `emit(line)` is a line as it happens, `run`'s result the last line (`Line` is the stream's
 * line type of lib/account-tests/answers.ts, which the browser parses). `run` gets a signal that aborts when the
 * request's does or the reader cancels, and must then close its sessions at once.
 */
export function ndjsonResponse<Line extends object>(
  requestSignal: AbortSignal,
  run: (emit: (line: Line) => void, signal: AbortSignal) => Promise<Line>,
): Response {
  const stop = new AbortController();
  const abort = () => stop.abort();
  const encoder = new TextEncoder();
  let open = true;
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      const write = (value: object) => {
        if (!open) return;
        try {
          controller.enqueue(encoder.encode(`${JSON.stringify(value)}\n`));
        } catch {
          open = false;
        }
      };
      const finish = () => {
        requestSignal.removeEventListener("abort", abort);
        if (!open) return;
        open = false;
        controller.close();
      };
      if (requestSignal.aborted) abort();
      else requestSignal.addEventListener("abort", abort, { once: true });
      // Not returned: the lines must flow while the test runs, not after start() settles.
      run(write, stop.signal).then(
        (answer) => {
          write(answer);
          finish();
        },
        (e: unknown) => {
          console.error("[test stream] failed:", errorMessage(e));
          const failed: StreamErrorLine = {
            type: "error",
            error: { code: "internal_error", message: "The server could not complete this request" },
          };
          write(failed);
          finish();
        },
      );
    },
    cancel() {
      open = false;
      abort();
    },
  });
  return new Response(body, { status: 200, headers: NDJSON_HEADERS });
}
