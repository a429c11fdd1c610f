import "server-only";
/**
 * Test connection: a new session per bind of the account (one transceiver, or a transmitter and a
 * receiver), each going DNS, TCP, TLS, bind, enquire_link, unbind, with every step timed and worded for an admin.
 * The sessions always close, also on failure.
 */
import type { RoutingAccount } from "@/lib/accounts/schema";
import { openSession, SmppSessionError, type BindMode, type SessionHooks, type SmppSession } from "@/lib/smpp/session";
import { bindModesFor, sessionSettingsFor, type AccountSecrets } from "@/lib/accounts/session-settings";
import type { TestConnectionAnswer, TestFailure, TestStep } from "./answers";
import { SessionRecorder } from "./session-recorder";
import { errorMessage } from "@/lib/errors";

/** What a caller may follow while a test runs: each step as it ends, and a signal that stops the test at once. */
export interface TestProgress {
  onStep?: (step: TestStep) => void;
  /** Aborted (the HTTP client went away): the session closes at once, whatever it was waiting for. */
  signal?: AbortSignal;
}

/** The failure recorded when the caller aborted; nobody may read it, but the answer stays well-formed. */
export const ABORTED: TestFailure = { step: "session", code: "aborted", message: "The test was cancelled: the client went away" };

/**
 * Hooks for one test session: the recorder's, plus the caller's step listener (fed the recorded step, so labels
 * such as "receiver: …" match the answer) and the abort signal.
 */
export function followedHooks(
  recorder: SessionRecorder,
  mode: BindMode,
  labelled: boolean,
  progress: TestProgress,
): SessionHooks {
  const hooks = recorder.hooks(mode, labelled);
  return {
    ...hooks,
    onStep: (s) => {
      hooks.onStep?.(s);
      progress.onStep?.(recorder.steps[recorder.steps.length - 1]);
    },
    signal: progress.signal,
  };
}

/** Closes `session` when `signal` aborts (a bound session ignores the signal itself); returns the unsubscribe. */
export function closeOnAbort(session: SmppSession, signal: AbortSignal | undefined): () => void {
  if (!signal) return () => undefined;
  const close = () => session.close("the test was cancelled: the client went away");
  if (signal.aborted) close();
  else signal.addEventListener("abort", close, { once: true });
  return () => signal.removeEventListener("abort", close);
}

function ignore(): void {}

export function failureOf(e: unknown, fallbackStep: string): TestFailure {
  if (e instanceof SmppSessionError) {
    return {
      step: e.step,
      code: e.code,
      message: e.message,
      ...(e.commandStatus !== undefined ? { status: e.commandStatus } : {}),
    };
  }
  return { step: fallbackStep, code: "internal_error", message: `Unexpected failure: ${errorMessage(e)}` };
}

export async function testConnection(
  accountId: string,
  account: RoutingAccount,
  secrets: AccountSecrets,
  progress: TestProgress = {},
): Promise<TestConnectionAnswer> {
  const recorder = new SessionRecorder(accountId, account.connection.verboseTraces, "test_connection");
  const modes = bindModesFor(account);
  let smscSystemId: string | null = null;
  let error: TestFailure | undefined;
  for (const mode of modes) {
    let session: SmppSession | null = null;
    let unfollow: () => void = ignore;
    try {
      const hooks = followedHooks(recorder, mode, modes.length > 1, progress);
      session = await openSession(sessionSettingsFor(account, secrets, mode, { enquireLinkPeriodMs: 0 }), hooks);
      unfollow = closeOnAbort(session, progress.signal);
      smscSystemId ??= session.smscSystemId;
      const timeoutMs = account.throughput.mtTimeout * 1000;
      const link = await session.enquireLink(timeoutMs).catch((e: unknown) => {
        error ??= failureOf(e, "enquire_link");
        return null;
      });
      if (link && !link.ok) error ??= { step: "enquire_link", code: "smsc_error", message: link.detail };
      const unbind = await session.unbind(Math.min(timeoutMs, 10_000));
      if (!unbind.ok) error ??= { step: "unbind", code: "smsc_error", message: unbind.detail };
    } catch (e) {
      error ??= failureOf(e, "bind");
    } finally {
      unfollow();
      session?.close("test connection finished");
    }
    if (progress.signal?.aborted) error = ABORTED;
    if (error) break;
  }
  return { ok: !error, steps: recorder.steps, smscSystemId, trace: recorder.trace, ...(error ? { error } : {}) };
}
