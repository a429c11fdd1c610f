import "server-only";
/**
 * Test send: one MT through a new session of the account, encoded and split as a delivery would send it
 * (lib/smpp/submit.ts), each part's submit_sm_resp shown by name; then, when asked, the status report awaited on the
 * same session and read with the account's SR settings. The sessions always close.
 */
import { randomInt } from "node:crypto";
import type { RoutingAccount } from "@/lib/accounts/schema";
import { commandStatusName } from "@/lib/smpp/codec/command-status";
import { openSession, SmppSessionError, type BindMode, type SmppSession } from "@/lib/smpp/session";
import { bindModesFor, sessionSettingsFor, type AccountSecrets } from "@/lib/accounts/session-settings";
import { normaliseMessageId } from "@/lib/smpp/codec/status-report";
import { buildSubmitParts, type SubmitResult } from "@/lib/smpp/submit";
import { wireTlvs } from "@/lib/accounts/optional-tlvs";
import type { PartResponse, TestReceipt, TestSendAnswer, TestSendBody } from "./answers";
import { ReceiptWatch } from "./receipt-watch";
import { SessionRecorder } from "./session-recorder";
import { ABORTED, closeOnAbort, failureOf, followedHooks, type TestProgress } from "./test-connection";

export type TestSendRefusal = { status: 422; code: string; message: string; fields: Record<string, string> };
export type TestSendResult = { status: 200 | 502; answer: TestSendAnswer } | TestSendRefusal;

/** A test MT encoded and split, ready to send (or refused before any session: bad number, text too long…). */
export interface PreparedTestSend {
  parts: Extract<SubmitResult, { ok: true }>;
  waitMs: number;
}

/** Beside the steps: each part's submit_sm_resp as it comes, then the receipt. */
export interface TestSendProgress extends TestProgress {
  onResponse?: (response: PartResponse) => void;
  onReceipt?: (receipt: TestReceipt) => void;
}

export async function testSend(
  accountId: string,
  account: RoutingAccount,
  secrets: AccountSecrets,
  body: TestSendBody,
  progress: TestSendProgress = {},
): Promise<TestSendResult> {
  const prepared = prepareTestSend(account, body);
  return "parts" in prepared ? runTestSend(accountId, account, secrets, prepared, progress) : prepared;
}

/** Encodes and splits the MT as a delivery would; a refusal here is a 422, before any session opens. */
export function prepareTestSend(account: RoutingAccount, body: TestSendBody): PreparedTestSend | TestSendRefusal {
  const waitMs = body.waitForReceiptSeconds * 1000;
  const built = buildSubmitParts({
    to: body.to,
    from: body.from || null,
    text: body.text,
    settings: account,
    registeredDelivery: waitMs > 0,
    validityPeriod: body.validityPeriodSeconds ?? null,
    reference: randomInt(0, 256),
    transmissionMode: body.transmissionMode,
    // The account's TLV table and Service ID go with the test MT as with every MT of the account.
    tlvs: wireTlvs({
      account: account.smsc.optionalTlvs,
      serviceIdTag: account.smsc.serviceIdTag,
      serviceId: body.serviceId,
    }),
  });
  if (!built.ok) {
    const field = built.code === "invalid_number" ? "to" : "text";
    return { status: 422, code: "validation_failed", message: built.error, fields: { [field]: built.error } };
  }
  return { parts: built, waitMs };
}

export async function runTestSend(
  accountId: string,
  account: RoutingAccount,
  secrets: AccountSecrets,
  { parts: built, waitMs }: PreparedTestSend,
  progress: TestSendProgress = {},
): Promise<{ status: 200 | 502; answer: TestSendAnswer }> {
  const recorder = new SessionRecorder(accountId, account.connection.verboseTraces, "test_send");
  // Same bind modes as Test connection and the connector: [transceiver] or [transmitter, receiver].
  const [senderMode, receiverMode] = bindModesFor(account);
  const separate = receiverMode !== undefined;
  const sessions: SmppSession[] = [];
  const unfollow: (() => void)[] = [];
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
  const open = async (mode: BindMode) => {
    const session = await openSession(
      sessionSettingsFor(account, secrets, mode, { enquireLinkPeriodMs: 0 }),
      followedHooks(recorder, mode, separate, progress),
    );
    sessions.push(session);
    unfollow.push(closeOnAbort(session, progress.signal));
    return session;
  };
  try {
    const sender = await open(senderMode);
    if (waitMs > 0) {
      // The SR may come on the transmitter+receiver pair's receiver: bind it before submitting.
      const receiver = receiverMode ? await open(receiverMode) : sender;
      watch = new ReceiptWatch(receiver, account);
    }

    const timeoutMs = account.throughput.mtTimeout * 1000;
    answer.responses = await Promise.all(
      built.parts.map(async (fields, i) => {
        const r = await submitPart(sender, fields, timeoutMs, i + 1);
        progress.onResponse?.(r);
        return r;
      }),
    );
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
      progress.onReceipt?.(answer.receipt);
    }
    answer.ok = !answer.error;
    for (const s of sessions) await s.unbind(Math.min(timeoutMs, 10_000));
  } catch (e) {
    answer.error ??= failureOf(e, "bind");
  } finally {
    watch?.stop();
    for (const u of unfollow) u();
    for (const s of sessions) s.close("test send finished");
  }
  if (progress.signal?.aborted) {
    answer.ok = false;
    answer.error = ABORTED;
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
    return {
      part,
      ok,
      status,
      commandStatus: r.commandStatus,
      messageId: ok ? r.messageId : null,
      ms: ms(),
      ...(ok ? {} : { error: `The SMSC refused the part: ${status}` }),
    };
  } catch (e) {
    const message = e instanceof SmppSessionError ? e.message : String(e);
    return { part, ok: false, status: null, commandStatus: null, messageId: null, ms: ms(), error: message };
  }
}
