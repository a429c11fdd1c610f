import "server-only";
/**
 * What a test session records for its answer: the steps as they end and the trace of its own PDUs (shown whether
 * or not verbose traces are on); with verbose traces on, the PDUs also go to the account's trace log.
 */
import type { BindMode, SessionHooks, SessionStep } from "@/lib/smpp/session";
import type { TracePdu } from "@/lib/smpp/trace";
import { traceHookFor, type TraceSession } from "@/lib/traces/trace-log";

/** Keeps a test answer bounded: a stuck SMSC repeating PDUs must not make a huge answer. */
const MAX_TRACE = 500;

export class SessionRecorder {
  readonly steps: SessionStep[] = [];
  readonly trace: TracePdu[] = [];

  constructor(
    private readonly accountId: string,
    private readonly verboseTraces: boolean,
    /** Written with each PDU of the account's log: which test this is. */
    private readonly session: Exclude<TraceSession, "live">,
  ) {}

  /** Hooks for one session; with several binds (transmitter + receiver) the steps say which bind. */
  hooks(bindMode: BindMode, labelled: boolean): SessionHooks {
    return {
      onStep: (s) => this.steps.push(labelled ? { ...s, detail: `${bindMode}: ${s.detail}` } : s),
      onPdu: traceHookFor(
        this.accountId,
        this.verboseTraces,
        (p) => {
          if (this.trace.length < MAX_TRACE) this.trace.push(p);
        },
        this.session,
      ),
    };
  }
}
