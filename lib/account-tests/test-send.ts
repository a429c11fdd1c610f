import "server-only";
/**
 * Test send (issue 3): one MT through a new session of the account, encoded and split as a delivery would send it
 * (lib/smpp/submit.ts), each part's submit_sm_resp shown by name; then, when asked, the status report awaited on the
 * same session and read with the account's SR settings. The sessions always close.
 */
import { randomInt } from "node:crypto";
import { z } from "zod";
import { channelSchema, type RoutingAccount } from "@/lib/accounts/schema";
import { commandStatusName } from "@/lib/smpp/command-status";
import { openSession, SmppSessionError, type SessionStep, type SmppSession } from "@/lib/smpp/session";
import { sessionSettingsFor, type AccountSecrets } from "@/lib/smpp/session-settings";
import { normaliseMessageId } from "@/lib/smpp/status-report";
import { buildSubmitParts } from "@/lib/smpp/submit";
import type { TracePdu } from "@/lib/smpp/trace";
import { ReceiptWatch, type TestReceipt } from "./receipt-watch";
import { SessionRecorder } from "./session-recorder";
import { failureOf, type TestFailure } from "./test-connection";

export const testSendBodySchema = z.object({
  to: z.string({ error: "Phone number is required" }),
  text: z.string({ error: "Text is required" }).max(10_000, { error: "At most 10,000 characters" }),
  from: z
    .string({ error: "Must be text" })
    .trim()
    .refine((s) => s === "" || channelSchema.shape.sourceNumber.safeParse(s).success, {
      error: "Digits (up to 20), or an alphanumeric sender of at most 11 characters",
    })
    .nullable()
    .optional(),
  waitForReceiptSeconds: z
    .number({ error: "Must be a number of seconds" })
    .int({ error: "Must be a whole number of seconds" })
    .min(0, { error: "Between 0 and 120 seconds" })
    .max(120, { error: "Between 0 and 120 seconds" })
    .default(0),
  /** Relative validity period of the MT in seconds (none = the SMSC's default). */
  validityPeriodSeconds: z
    .number({ error: "Must be a number of seconds" })
    .int({ error: "Must be a whole number of seconds" })
    .min(60, { error: "Between 60 seconds and 99 days" })
    .max(99 * 86400, { error: "Between 60 seconds and 99 days" })
    .nullable()
    .optional(),
});
export type TestSendBody = z.output<typeof testSendBodySchema>;

export interface PartResponse {
  part: number;
  ok: boolean;
  /** `ESME_ROK (0x00000000)`, or null when no submit_sm_resp came. */
  status: string | null;
  commandStatus: number | null;
  messageId: string | null;
  ms: number;
  error?: string;
}

export interface TestSendAnswer {
  ok: boolean;
  encoding: string;
  dataCoding: number;
  /** Number of submit_sm sent. */
  parts: number;
  characters: number;
  destination: string;
  messageIds: string[];
  /** The submit_sm_resp of each part. */
  responses: PartResponse[];
  receipt?: TestReceipt;
  steps: SessionStep[];
  trace: TracePdu[];
  error?: TestFailure;
}

export type TestSendResult =
  | { status: 200 | 502; answer: TestSendAnswer }
  | { status: 422; code: string; message: string; fields: Record<string, string> };

export async function testSend(accountId: string, account: RoutingAccount, secrets: AccountSecrets, body: TestSendBody): Promise<TestSendResult> {
  const waitMs = body.waitForReceiptSeconds * 1000;
  const built = buildSubmitParts({
    to: body.to,
    from: body.from || null,
    text: body.text,
    settings: account,
    registeredDelivery: waitMs > 0,
    validityPeriod: body.validityPeriodSeconds ?? null,
    reference: randomInt(0, 256),
  });
  if (!built.ok) {
    const field = built.code === "invalid_number" ? "to" : "text";
    return { status: 422, code: "validation_failed", message: built.error, fields: { [field]: built.error } };
  }

  const recorder = new SessionRecorder(accountId, account.connection.verboseTraces);
  const separate = account.connection.mode === "transmitterReceiver";
  const sessions: SmppSession[] = [];
  const answer: TestSendAnswer = {
    ok: false,
    encoding: built.encoding,
    dataCoding: built.dataCoding,
    parts: built.parts.length,
    characters: built.count.characters,
    destination: built.destination,
    messageIds: [],
    responses: [],
    steps: recorder.steps,
    trace: recorder.trace,
  };
  let watch: ReceiptWatch | null = null;
  try {
    const settings = (mode: "transceiver" | "transmitter" | "receiver") =>
      sessionSettingsFor(account, secrets, mode, { enquireLinkPeriodMs: 0 });
    const sender = await openSession(settings(separate ? "transmitter" : "transceiver"), recorder.hooks(separate ? "transmitter" : "transceiver", separate));
    sessions.push(sender);
    if (waitMs > 0) {
      // The SR may come on the transmitter+receiver pair's receiver: bind it before submitting.
      const receiver = separate ? await openSession(settings("receiver"), recorder.hooks("receiver", true)) : sender;
      if (separate) sessions.push(receiver);
      watch = new ReceiptWatch(receiver, account);
    }

    const timeoutMs = account.throughput.mtTimeout * 1000;
    answer.responses = await Promise.all(built.parts.map((fields, i) => submitPart(sender, fields, timeoutMs, i + 1)));
    answer.messageIds = answer.responses.map((r) => r.messageId ?? "");
    const refused = answer.responses.find((r) => !r.ok);
    if (refused) {
      answer.error = {
        step: "submit",
        code: refused.commandStatus === null ? "mt_timeout" : "smsc_error",
        message: `Part ${refused.part}: ${refused.error ?? refused.status}`,
        ...(refused.commandStatus !== null ? { status: refused.commandStatus } : {}),
      };
    }

    const firstId = answer.responses[0]?.ok ? answer.responses[0].messageId : null;
    if (watch && firstId !== null) {
      answer.receipt = await watch.waitFor(normaliseMessageId(firstId, account.smsc.mtIdFormat), waitMs);
    }
    answer.ok = !answer.error;
    for (const s of sessions) await s.unbind(Math.min(timeoutMs, 10_000));
  } catch (e) {
    answer.error ??= failureOf(e, "bind");
  } finally {
    watch?.stop();
    for (const s of sessions) s.close("test send finished");
  }
  return { status: answer.ok ? 200 : 502, answer };
}

async function submitPart(session: SmppSession, fields: object, timeoutMs: number, part: number): Promise<PartResponse> {
  const t0 = performance.now();
  const ms = () => Math.round((performance.now() - t0) * 10) / 10;
  try {
    const r = await session.submit(fields, timeoutMs);
    const ok = r.commandStatus === 0;
    const status = commandStatusName(r.commandStatus);
    return { part, ok, status, commandStatus: r.commandStatus, messageId: ok ? r.messageId : null, ms: ms(), ...(ok ? {} : { error: `The SMSC refused the part: ${status}` }) };
  } catch (e) {
    const message = e instanceof SmppSessionError ? e.message : String(e);
    return { part, ok: false, status: null, commandStatus: null, messageId: null, ms: ms(), error: message };
  }
}
