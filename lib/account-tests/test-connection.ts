import "server-only";
/**
 * Test connection (issue 3): a new session per bind of the account (one transceiver, or a transmitter and a
 * receiver), each going DNS, TCP, TLS, bind, enquire_link, unbind, with every step timed and worded for an admin.
 * The sessions always close, also on failure.
 */
import type { RoutingAccount } from "@/lib/accounts/schema";
import { openSession, SmppSessionError, type SessionStep, type SmppSession } from "@/lib/smpp/session";
import { bindModesFor, sessionSettingsFor, type AccountSecrets } from "@/lib/smpp/session-settings";
import type { TracePdu } from "@/lib/smpp/trace";
import { SessionRecorder } from "./session-recorder";

export type TestFailure = { step: string; code: string; message: string; status?: number };

export interface TestConnectionAnswer {
  ok: boolean;
  steps: SessionStep[];
  smscSystemId: string | null;
  trace: TracePdu[];
  /** Present when ok is false: the failed step and its cause. */
  error?: TestFailure;
}

export function failureOf(e: unknown, fallbackStep: string): TestFailure {
  if (e instanceof SmppSessionError) {
    return { step: e.step, code: e.code, message: e.message, ...(e.commandStatus !== undefined ? { status: e.commandStatus } : {}) };
  }
  return { step: fallbackStep, code: "internal_error", message: `Unexpected failure: ${(e as Error)?.message ?? String(e)}` };
}

export async function testConnection(
  accountId: string,
  account: RoutingAccount,
  secrets: AccountSecrets,
): Promise<TestConnectionAnswer> {
  const recorder = new SessionRecorder(accountId, account.connection.verboseTraces);
  const modes = bindModesFor(account);
  let smscSystemId: string | null = null;
  let error: TestFailure | undefined;
  for (const mode of modes) {
    let session: SmppSession | null = null;
    try {
      session = await openSession(sessionSettingsFor(account, secrets, mode, { enquireLinkPeriodMs: 0 }), recorder.hooks(mode, modes.length > 1));
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
      session?.close("test connection finished");
    }
    if (error) break;
  }
  return { ok: !error, steps: recorder.steps, smscSystemId, trace: recorder.trace, ...(error ? { error } : {}) };
}
