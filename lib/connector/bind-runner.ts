import "server-only";
import { openSession, type SessionHooks, type SessionSettings, type SmppSession } from "@/lib/smpp/session";
import type { InboundMessagePdu } from "@/lib/smpp/pdu-types";
import type { BindRole, BindState, BindStatus } from "./types";
import { errorMessage } from "@/lib/errors";

/**
 * One connection of an account, kept bound forever: connect and bind, and after a lost connection or a refused
 * bind wait `reconnectDelay` (minus up to 10 % jitter, so that binds of many accounts do not retry in step yet
 * never later than the configured delay) and try again. Its state, since when and the last error are what the
 * status API and the pages show.
 */
export type BindRunnerOptions = {
  key: string;
  accountId: string;
  role: BindRole;
  connectionIndex: number;
  settings: SessionSettings;
  reconnectDelayMs: number;
  hooks?: SessionHooks;
  /** deliver_sm / data_sm of this bind (MO or SR); answer with session.respond after the commit. */
  onIncoming?: (session: SmppSession, pdu: InboundMessagePdu) => void;
  onStateChange?: (runner: BindRunner) => void;
  /** The bind's history (BindEvent rows): came up, refused, dropped by the peer or the network, unbound by us. */
  onEvent?: (event: BindRunnerEvent) => void;
};

export type BindRunnerEvent = {
  kind: "bound" | "unbound" | "refused" | "dropped";
  cause: string | null;
  /** How long the session that ended lasted (unbound, dropped). */
  durationMs: number | null;
};

export class BindRunner {
  state: BindState = "disconnected";
  since = new Date();
  lastError: string | null = null;
  session: SmppSession | null = null;
  private stopped = false;
  private retryTimer: NodeJS.Timeout | null = null;
  private connecting: Promise<void> | null = null;
  private boundAt = 0;

  constructor(readonly options: BindRunnerOptions) {}

  get key(): string {
    return this.options.key;
  }

  get bound(): boolean {
    return this.state === "bound" && this.session !== null && !this.session.closed;
  }

  start(): void {
    this.stopped = false;
    this.connect();
  }

  /** Unbinds (politely, within `timeoutMs`) and stops retrying; `cause` goes to the bind history. */
  async stop(
    timeoutMs = 2000,
    cause = "Unbound by the connector (stopped, or the account was saved, disabled or deleted)",
  ): Promise<void> {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    // A connect in progress finishes (or fails) first, then is closed below.
    if (this.connecting) await this.connecting.catch(() => undefined);
    const s = this.session;
    this.session = null;
    if (s && !s.closed) {
      await s.unbind(timeoutMs).catch(() => s.close("stopped"));
      this.event("unbound", cause);
    }
    this.setState("disabled", null);
  }

  status(): BindStatus {
    const s = this.options.settings;
    return {
      key: this.key,
      role: this.options.role,
      kind: this.options.role,
      connectionIndex: this.options.connectionIndex,
      bound: this.bound,
      host: s.host,
      port: s.port,
      systemId: s.systemId,
      state: this.state,
      since: this.since.toISOString(),
      lastError: this.lastError,
      inFlight: this.session?.inFlight ?? 0,
      queued: this.session?.queued ?? 0,
      smscSystemId: this.session?.smscSystemId || null,
    };
  }

  private setState(state: BindState, error: string | null | undefined): void {
    if (error !== undefined) this.lastError = error;
    if (state === this.state) return;
    // `since` says how long the bind has been up, or down: a retry (disconnected ⇄ connecting) does not reset it.
    if (!isRetryFlip(this.state, state)) this.since = new Date();
    this.state = state;
    this.options.onStateChange?.(this);
  }

  private connect(): void {
    if (this.stopped || this.connecting) return;
    this.setState("connecting", undefined);
    this.connecting = this.bindOnce().finally(() => {
      this.connecting = null;
    });
  }

  private async bindOnce(): Promise<void> {
    let session: SmppSession;
    try {
      session = await openSession(this.options.settings, this.options.hooks ?? {});
    } catch (e) {
      if (this.stopped) return;
      this.setState("disconnected", errorMessage(e));
      this.event("refused", errorMessage(e));
      this.scheduleRetry();
      return;
    }
    if (this.stopped) {
      await session.unbind(1000).catch(() => session.close("stopped"));
      return;
    }
    this.session = session;
    const onIncoming = this.options.onIncoming;
    if (onIncoming) {
      session.on("deliver_sm", (pdu) => onIncoming(session, pdu));
      session.on("data_sm", (pdu) => onIncoming(session, pdu));
    }
    session.on("error", () => undefined); // reported through close
    session.once("close", (info) => {
      if (this.session === session) this.session = null;
      if (this.stopped) return;
      const cause = info.error?.message ?? `Connection closed: ${info.reason}`;
      this.setState("disconnected", cause);
      this.event("dropped", cause);
      this.scheduleRetry();
    });
    this.boundAt = Date.now();
    this.setState("bound", null);
    this.event("bound", null);
  }

  private event(kind: BindRunnerEvent["kind"], cause: string | null): void {
    const ended = kind === "unbound" || kind === "dropped";
    const durationMs = ended && this.boundAt > 0 ? Date.now() - this.boundAt : null;
    if (ended) this.boundAt = 0;
    try {
      this.options.onEvent?.({ kind, cause, durationMs });
    } catch {
      // History is best effort: it never breaks the bind.
    }
  }

  private scheduleRetry(): void {
    if (this.stopped || this.retryTimer) return;
    const delay = this.options.reconnectDelayMs;
    const jitter = Math.random() * Math.min(1000, delay * 0.1);
    this.retryTimer = setTimeout(
      () => {
        this.retryTimer = null;
        this.connect();
      },
      Math.max(0, delay - jitter),
    );
  }
}

/** disconnected → connecting → disconnected while the SMSC keeps refusing: one outage, not many. */
export function isRetryFlip(from: BindState, to: BindState): boolean {
  return (from === "disconnected" && to === "connecting") || (from === "connecting" && to === "disconnected");
}
