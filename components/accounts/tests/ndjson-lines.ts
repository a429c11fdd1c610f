import type { z } from "zod";

/** A stream line that is not JSON or not one of the stream's lines (lib/account-tests/answers.ts). */
export class UnreadableLine extends Error {
  constructor(detail: string) {
    super(`The server sent a line the console cannot read (${detail}).`);
    this.name = "UnreadableLine";
  }
}

/**
 * Reads an NDJSON body (Test connection / Test send streams), calling `onLine` with each line as it arrives, parsed
 * with the stream's line schema; a line that does not parse ends the reading with an UnreadableLine.
 */
export async function readNdjsonLines<S extends z.ZodType>(
  body: ReadableStream<Uint8Array>,
  schema: S,
  onLine: (line: z.output<S>) => void,
): Promise<void> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  const handle = (text: string) => {
    if (!text.trim()) return;
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new UnreadableLine("not JSON");
    }
    const line = schema.safeParse(json);
    if (!line.success) throw new UnreadableLine(line.error.issues[0]?.message ?? "unexpected shape");
    onLine(line.data);
  };
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      let nl: number;
      while ((nl = buffer.indexOf("\n")) >= 0) {
        handle(buffer.slice(0, nl));
        buffer = buffer.slice(nl + 1);
      }
    }
    handle(buffer + decoder.decode());
  } catch (e) {
    await reader.cancel().catch(() => undefined);
    throw e;
  }
}
