import { describe, expect, it } from "vitest";
import { testConnectionLineSchema, testSendBodySchema, testSendLineSchema } from "@/lib/account-tests/answers";
import { readNdjsonLines, UnreadableLine } from "@/components/accounts/tests/ndjson-lines";

/** A body that arrives in the given chunks, cut wherever the test says (mid-line, mid-character). */
function body(...chunks: string[]): ReadableStream<Uint8Array> {
  const bytes = chunks.map((c) => new TextEncoder().encode(c));
  return new ReadableStream({
    pull(controller) {
      const next = bytes.shift();
      if (next) controller.enqueue(next);
      else controller.close();
    },
  });
}

const step = { type: "step", step: "dns", ok: true, ms: 1.5, detail: "127.0.0.1" };
const answer = { ok: true, steps: [{ step: "dns", ok: true, ms: 1.5, detail: "127.0.0.1" }], smscSystemId: "SIM", trace: [] };

describe("the Test connection / Test send streams as the browser reads them", () => {
  it("parses each line with the stream's schema, whatever the chunking", async () => {
    const text = `${JSON.stringify(step)}\n${JSON.stringify(answer)}\n`;
    const cut = text.indexOf("ok", 30);
    const lines: unknown[] = [];
    await readNdjsonLines(body(text.slice(0, cut), text.slice(cut)), testConnectionLineSchema, (l) => lines.push(l));
    expect(lines).toEqual([step, answer]);
  });

  it("refuses a line that is not JSON, or not a line of this stream, naming the problem instead of casting it", async () => {
    const seen: unknown[] = [];
    await expect(
      readNdjsonLines(body(`${JSON.stringify(step)}\n{"ok": tru`), testConnectionLineSchema, (l) => seen.push(l)),
    ).rejects.toThrow(new UnreadableLine("not JSON"));
    expect(seen).toEqual([step]);
    // A step whose ms went missing, and a Test send answer without its responses: not understood, not half-shown.
    const noTime = { type: step.type, step: step.step, ok: step.ok, detail: step.detail };
    await expect(readNdjsonLines(body(JSON.stringify(noTime)), testConnectionLineSchema, () => undefined)).rejects.toThrow(
      UnreadableLine,
    );
    const sendAnswer = {
      ok: true,
      encoding: "gsm7",
      dataCoding: 0,
      parts: 1,
      characters: 2,
      destination: "33612345678",
      messageIds: ["1"],
      steps: [],
      trace: [],
    };
    await expect(readNdjsonLines(body(JSON.stringify(sendAnswer)), testSendLineSchema, () => undefined)).rejects.toThrow(
      UnreadableLine,
    );
    const whole = { ...sendAnswer, responses: [] };
    expect(testSendLineSchema.safeParse(whole).success).toBe(true);
  });

  it("reads the server's own failure line as such", () => {
    const failed = { type: "error", error: { code: "internal_error", message: "The server could not complete this request" } };
    expect(testSendLineSchema.parse(failed)).toEqual(failed);
    expect(testConnectionLineSchema.parse(failed)).toEqual(failed);
  });

  it("the Test send body has the API's defaults and field errors", () => {
    expect(testSendBodySchema.parse({ to: "33612345678", text: "Hi" })).toMatchObject({
      waitForReceiptSeconds: 0,
      transmissionMode: "normal",
    });
    const r = testSendBodySchema.safeParse({
      to: "33612345678",
      text: "Hi",
      waitForReceiptSeconds: 121,
      from: "TOO-LONG-SENDER",
    });
    expect(r.success).toBe(false);
    expect(Object.fromEntries(r.error!.issues.map((i) => [i.path.join("."), i.message]))).toEqual({
      waitForReceiptSeconds: "Between 0 and 120 seconds",
      from: "Digits (up to 20), or an alphanumeric sender of at most 11 characters",
    });
  });
});
