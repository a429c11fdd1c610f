import "server-only";

/**
 * A request body read with a byte counter: a body over `maxBytes` is refused as soon as it is known to be (its
 * Content-Length, else the first chunk past the limit), and the rest is never read, so that no body size can take
 * the process's heap. `req.text()` would buffer the whole body first.
 */
export type BodyText = { ok: true; text: string } | { ok: false; tooLarge: true; maxBytes: number };

/** A positive integer from the environment, else `fallback`. */
export function byteLimitFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  const n = raw && /^\d+$/.test(raw.trim()) ? Number(raw.trim()) : NaN;
  return Number.isSafeInteger(n) && n > 0 ? n : fallback;
}

export async function readBodyText(req: Request, maxBytes: number): Promise<BodyText> {
  const declared = req.headers.get("content-length");
  if (declared !== null && /^\d+$/.test(declared) && Number(declared) > maxBytes) {
    await req.body?.cancel().catch(() => undefined);
    return { ok: false, tooLarge: true, maxBytes };
  }
  if (!req.body) return { ok: true, text: "" };
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.byteLength;
    if (bytes > maxBytes) {
      await reader.cancel().catch(() => undefined);
      return { ok: false, tooLarge: true, maxBytes };
    }
    chunks.push(value);
  }
  return { ok: true, text: Buffer.concat(chunks).toString("utf8") };
}

/** "1 MB", "8 MB", "512 KB": a limit as the error message says it. */
export function formatBytes(n: number): string {
  if (n >= 1024 * 1024 && n % (1024 * 1024) === 0) return `${n / (1024 * 1024)} MB`;
  if (n >= 1024 && n % 1024 === 0) return `${n / 1024} KB`;
  return `${n.toLocaleString("en")} bytes`;
}
