const DEFAULT_APP_HEAP_MB = 192;

/**
 * Node flags of the app server. V8 sizes its heap limit from the machine's memory (~4 GB here) and, below it, lets
 * short-lived garbage grow the heap before collecting: sending 1,000,000 recipients peaked at 326–333 MB RSS with the
 * defaults (the issue asks < 300 MB). A 192 MB old-space limit makes V8 collect sooner: 205–234 MB, same MT/s, the
 * live heap under 65 MB after each full collection (bench/app-memory.ts, bench/RESULTS.md). APP_HEAP_MB sets another limit (0: node's default); a
 * --max-old-space-size in NODE_OPTIONS is left alone. APP_NODE_FLAGS adds flags (e.g. --trace-gc, not allowed in
 * NODE_OPTIONS).
 */
export function appNodeFlags(environment: Record<string, string | undefined> = process.env): string[] {
  const flags: string[] = [];
  const heap = environment.APP_HEAP_MB?.trim() ? Number(environment.APP_HEAP_MB) : DEFAULT_APP_HEAP_MB;
  if (!Number.isInteger(heap) || heap < 0)
    throw new Error(`APP_HEAP_MB must be a whole number of MB (0: node's default), not "${environment.APP_HEAP_MB}"`);
  if (heap > 0 && !/--max-old-space-size/.test(environment.NODE_OPTIONS ?? "")) flags.push(`--max-old-space-size=${heap}`);
  if (environment.APP_NODE_FLAGS?.trim()) flags.push(...environment.APP_NODE_FLAGS.trim().split(/\s+/));
  return flags;
}
