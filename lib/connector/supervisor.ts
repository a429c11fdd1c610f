import "server-only";
import { EventEmitter } from "node:events";
import type { StoredAccount } from "../accounts/repository";
import type { SessionHooks, SessionSettings, SmppSession } from "@/lib/smpp/session";
import { bindModesFor, sessionSettingsFor, type AccountSecrets } from "@/lib/accounts/session-settings";
import { compileSrParser, type SrParser } from "@/lib/smpp/codec/status-report";
import type { InboundMessagePdu } from "@/lib/smpp/pdu-types";
import type { MoStored, MoToStore } from "../insms/store";
import { sendAutoReply } from "./auto-reply-sender";
import { BindRunner, isRetryFlip, type BindRunnerEvent } from "./bind-runner";
import { routeIncoming } from "./inbound-router";
import type { CommitQueue } from "./commit-queue";
import type { Writer } from "../storage/writer";
import type { SrStored, SrToStore } from "../deliveries/status-reports";
import type { AccountState, AccountStatus, BindRole, TransmitBind } from "./types";
import { srErrorQualifier, type SrErrorQualifier } from "../accounts/error-table";
import type { SlotLeases } from "../cluster/slot-leases";
import { errorMessage } from "@/lib/errors";

export type SupervisorDeps = {
  writer: Writer;
  moQueue: CommitQueue<MoToStore, MoStored>;
  srQueue: CommitQueue<SrToStore, SrStored>;
  /** Emits bind-up / bind-down (accountId, bindKey). */
  events: EventEmitter;
  /** Per-bind hooks (traces) when the account wants verbose traces. */
  hooksFor?: (account: StoredAccount, bindKey: string) => SessionHooks;
  log?: (message: string) => void;
  /** Each bind's history events (the connector writes them as BindEvent rows). */
  onBindEvent?: (event: BindEventRecord) => void;
  /** In a cluster (PostgreSQL): a bind runs only while this node holds its slot's lease. */
  leases?: SlotLeases;
  /** This connector's node id, stored with each SR as the node whose bind received it. */
  nodeId?: string;
};

/** A bind slot's name in the cluster: one lease per (account, role, connection index). */
export const slotKey = (r: BindRunner): string => `${r.options.accountId}:${r.options.role}:${r.options.connectionIndex}`;

export type BindEventRecord = BindRunnerEvent & { accountId: string; role: BindRole; connectionIndex: number; at: Date };

/**
 * Keeps one account's binds (transceiver: `connections` binds; transmitter+receiver: `connections` pairs, the
 * receiver with its own server and credentials when `separateReceiver`), routes what they receive (MO to the
 * inSMS store with automatic replies, SR to the status-report store) and answers each deliver_sm only after its
 * transaction committed: ESME_RX_T_APPN when the database refused, so that the SMSC delivers it again.
 */
export class AccountSupervisor {
  readonly runners: BindRunner[] = [];
  private state: AccountState = "connecting";
  private since = new Date();
  private readonly parseSr: SrParser;
  private readonly qualifySr: SrErrorQualifier;
  private readonly sentSeconds = new Map<number, number>();
  private rr = 0;
  private bindWaiters: (() => void)[] = [];

  constructor(
    readonly account: StoredAccount,
    secrets: AccountSecrets,
    private readonly deps: SupervisorDeps,
  ) {
    this.parseSr = compileSrParser(account.smsc);
    this.qualifySr = srErrorQualifier(account);
    // The same account → SessionSettings mapping as the account tests, so a test bind and a live bind agree.
    for (let i = 0; i < account.connection.connections; i++) {
      for (const mode of bindModesFor(account)) this.addRunner(mode, i, sessionSettingsFor(account, secrets, mode));
    }
  }

  get id(): string {
    return this.account.id;
  }

  private addRunner(role: BindRole, index: number, settings: SessionSettings): void {
    const key = `${this.account.id}:${role === "transceiver" ? "trx" : role === "transmitter" ? "tx" : "rx"}${index + 1}`;
    const runner = new BindRunner({
      key,
      accountId: this.account.id,
      role,
      connectionIndex: index,
      settings,
      reconnectDelayMs: this.account.throughput.reconnectDelay * 1000,
      hooks: this.account.connection.verboseTraces ? this.deps.hooksFor?.(this.account, key) : undefined,
      onIncoming: role === "transmitter" ? undefined : (session, pdu) => this.onIncoming(role, index, session, pdu),
      onStateChange: (r) => this.onBindState(r),
      onEvent: (e) => this.deps.onBindEvent?.({ ...e, accountId: this.account.id, role, connectionIndex: index, at: new Date() }),
    });
    this.runners.push(runner);
  }

  start(): void {
    const leases = this.deps.leases;
    for (const r of this.runners) {
      if (!leases) r.start();
      else
        leases.register({
          key: slotKey(r),
          grant: () => r.start(),
          revoke: () => r.stop(2000, "Handed over to another connector node of the cluster"),
        });
    }
  }

  async stop(): Promise<void> {
    const leases = this.deps.leases;
    await Promise.all(this.runners.map(async (r) => (leases ? leases.unregister(slotKey(r)) : undefined)));
    await Promise.all(this.runners.map((r) => r.stop()));
    for (const w of this.bindWaiters.splice(0)) w();
  }

  /** The runners this node runs now: all of them, or in a cluster those whose slot it holds. */
  private mine(): BindRunner[] {
    const leases = this.deps.leases;
    return leases ? this.runners.filter((r) => leases.isHeld(slotKey(r))) : this.runners;
  }

  private onBindState(r: BindRunner): void {
    const next = this.computeState();
    if (next !== this.state) {
      if (!isRetryFlip(this.state, next)) this.since = new Date();
      this.state = next;
    }
    if (r.state === "disconnected" && r.lastError)
      this.deps.log?.(`[connector] ${this.account.internalName} ${r.key}: ${r.state} (${r.lastError})`);
    this.deps.events.emit(r.state === "bound" ? "bind-up" : "bind-down", this.account.id, r.key);
    if (r.state === "bound" && r.options.role !== "receiver") for (const w of this.bindWaiters.splice(0)) w();
  }

  private computeState(): AccountState {
    const mine = this.mine();
    // A cluster node that holds none of the account's slots yet: waiting for a lease.
    if (mine.length === 0) return this.deps.leases ? "connecting" : "disabled";
    const states = mine.map((r) => r.state);
    if (states.every((s) => s === "disabled")) return "disabled";
    if (states.every((s) => s === "bound")) return "bound";
    if (states.some((s) => s === "bound" || s === "connecting")) return "connecting";
    return "disconnected";
  }

  status(): AccountStatus {
    const mine = this.mine();
    const binds = mine.map((r) => r.status());
    // The most recent error of any bind (a refused re-bind says more than the drop that preceded it).
    let lastError: string | null = null;
    let lastAt = 0;
    for (const r of mine) {
      if (r.lastError && r.since.getTime() >= lastAt) {
        lastError = r.lastError;
        lastAt = r.since.getTime();
      }
    }
    return {
      accountId: this.account.id,
      state: this.state,
      since: this.since.toISOString(),
      lastError,
      binds,
      sentLastMinute: this.sentLastMinute(),
      queue: binds.reduce((n, b) => n + b.queued, 0),
    };
  }

  private countSent(): void {
    const sec = Math.floor(Date.now() / 1000);
    this.sentSeconds.set(sec, (this.sentSeconds.get(sec) ?? 0) + 1);
    if (this.sentSeconds.size > 70) for (const k of this.sentSeconds.keys()) if (k < sec - 60) this.sentSeconds.delete(k);
  }

  private sentLastMinute(): number {
    const from = Math.floor(Date.now() / 1000) - 60;
    let n = 0;
    for (const [k, v] of this.sentSeconds) if (k > from) n += v;
    return n;
  }

  /** The binds that carry MT, one per connection, in order. */
  transmitBinds(): TransmitBind[] {
    const t = this.account.throughput;
    return this.runners
      .filter((r) => r.options.role !== "receiver")
      .map((r) => ({
        key: r.key,
        accountId: this.account.id,
        connectionIndex: r.options.connectionIndex,
        bound: r.bound,
        window: t.window,
        mtPerSecond: t.mtPerSecond,
        submit: (fields: object, timeoutMs: number) => {
          const s = r.session;
          if (!s || !r.bound)
            return Promise.reject(new Error(`Bind ${r.key} is not bound (${r.state}${r.lastError ? `: ${r.lastError}` : ""})`));
          this.countSent();
          return s.submit(fields, timeoutMs);
        },
        batch: <T>(fn: () => T): T => (r.session && r.bound ? r.session.batch(fn) : fn()),
      }));
  }

  private pickTransmitBind(): TransmitBind | null {
    const bound = this.transmitBinds().filter((b) => b.bound);
    if (bound.length === 0) return null;
    return bound[this.rr++ % bound.length];
  }

  private waitForTransmitBind(ms: number): Promise<TransmitBind | null> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.bindWaiters = this.bindWaiters.filter((w) => w !== wake);
        resolve(null);
      }, ms);
      const wake = () => {
        clearTimeout(timer);
        resolve(this.pickTransmitBind());
      };
      this.bindWaiters.push(wake);
    });
  }

  private onIncoming(role: BindRole, connectionIndex: number, session: SmppSession, pdu: InboundMessagePdu): void {
    routeIncoming(
      {
        account: this.account,
        bind: { role, connectionIndex, nodeId: this.deps.nodeId ?? null },
        parseSr: this.parseSr,
        qualifySr: this.qualifySr,
        moQueue: this.deps.moQueue,
        srQueue: this.deps.srQueue,
        log: this.deps.log,
        reply: (to, from, text) => void this.reply(to, from, text),
      },
      session,
      pdu,
    );
  }

  private async reply(to: string, from: string, text: string): Promise<void> {
    try {
      const r = await sendAutoReply({
        account: this.account,
        to,
        from: from || this.account.channel.shortCode || this.account.channel.sourceNumber,
        text,
        pickBind: () => this.pickTransmitBind(),
        waitForBind: (ms) => this.waitForTransmitBind(ms),
        writer: this.deps.writer,
      });
      if (!r.ok) this.deps.log?.(`[connector] ${this.account.internalName}: automatic reply to ${to} not sent: ${r.detail}`);
    } catch (e) {
      this.deps.log?.(`[connector] ${this.account.internalName}: automatic reply to ${to} failed: ${errorMessage(e)}`);
    }
  }
}
