import "server-only";
import { EventEmitter } from "node:events";
import { accountEvents } from "../accounts/events";
import { getAccount, getAccountSecrets, listStoredAccounts, type StoredAccount } from "../accounts/repository";
import type { SessionHooks } from "@/lib/smpp/session";
import { removeTraces, traceHookFor } from "../traces/trace-log";
import { dropStaleInboundParts, storeMoBatch, type MoStored, type MoToStore } from "../insms/store";
import { commitIsolatingFailures, CommitQueue } from "./commit-queue";
import { getWriter, type Writer } from "../storage/writer";
import { matchPendingReports, storeSrBatch, type SrStored, type SrToStore } from "../deliveries/status-reports";
import type { SendPort } from "../deliveries/send-port";
import { AccountSupervisor, type BindEventRecord } from "./supervisor";
import type { AccountStatus, TransmitBind } from "./types";
import { srErrorQualifier } from "../accounts/error-table";
import { ClusterMembership } from "../cluster/membership";
import { SlotLeases } from "../cluster/slot-leases";
import { databaseUrl } from "../database-url";
import { newNodeId } from "../bind-state/node-id";
import { singleton } from "@/lib/singleton";
import { errorMessage } from "@/lib/errors";

export type { AccountStatus, BindStatus, TransmitBind } from "./types";

/** Something started with the connector and stopped with it (the MT dispatcher). */
export type ConnectorPlugin = { stop(): Promise<void> | void };

export type ConnectorOptions = {
  writer?: Writer;
  /** Per-bind session hooks for accounts with verbose traces on (the trace log). */
  hooksFor?: (account: StoredAccount, bindKey: string) => SessionHooks;
  /** Unmatched SRs are retried this often (a safety net behind matchPendingReports). 0 = off. */
  sweepMs?: number;
  /** This connector's node id (ConnectorNode.nodeId, Recipient.claimedBy); a new one by default. */
  nodeId?: string;
  /** Cluster lease rounds (PostgreSQL), ms. */
  leaseIntervalMs?: number;
  log?: (message: string) => void;
};

/**
 * The long-lived connector: one supervisor per enabled routing account, re-bound when the account is
 * saved, unbound when it is disabled or deleted. MO and SR of every bind share two group-commit queues.
 * Events: "bind-up" / "bind-down" (accountId, bindKey), "account" (accountId) after a supervisor (re)start,
 * "bind-event" (BindEventRecord: bound, unbound, refused, dropped) for the bind history.
 */
export class Connector extends EventEmitter implements SendPort {
  private readonly supervisors = new Map<string, AccountSupervisor>();
  private readonly writer: Writer;
  readonly moQueue: CommitQueue<MoToStore, MoStored>;
  readonly srQueue: CommitQueue<SrToStore, SrStored>;
  private started = false;
  private sweepTimer: NodeJS.Timeout | null = null;
  private plugins: ConnectorPlugin[] = [];
  /** Account changes are applied one at a time, in order. */
  private chain: Promise<void> = Promise.resolve();
  private readonly log: (message: string) => void;
  readonly nodeId: string;
  /** On PostgreSQL: this node's membership of the cluster and the bind slots it holds. */
  private readonly membership: ClusterMembership | null = null;
  private readonly leases: SlotLeases | null = null;

  constructor(private readonly options: ConnectorOptions = {}) {
    super();
    this.setMaxListeners(100);
    this.writer = options.writer ?? getWriter();
    this.nodeId = options.nodeId ?? newNodeId();
    if (this.writer.kind === "pg") {
      const log = (m: string) => (options.log ?? console.error)(m);
      this.membership = new ClusterMembership({ url: databaseUrl(), nodeId: this.nodeId, log });
      this.leases = new SlotLeases(this.membership, { intervalMs: options.leaseIntervalMs, log });
      // A slot taken or given back changes what this node publishes.
      this.membership.on("lost", () => this.emit("account", ""));
    }
    this.moQueue = new CommitQueue((items) => commitIsolatingFailures(items, (some) => storeMoBatch(this.writer, some)), 2000);
    this.srQueue = new CommitQueue((items) => commitIsolatingFailures(items, (some) => storeSrBatch(this.writer, some)), 2000);
    this.log = options.log ?? ((m) => console.log(m));
  }

  get running(): boolean {
    return this.started;
  }

  private readonly onAccountChanged = (accountId: string) => {
    this.chain = this.chain
      .then(() => this.refresh(accountId))
      .catch((e) => this.log(`[connector] account ${accountId}: ${errorMessage(e)}`));
  };

  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    if (this.membership && this.leases) {
      await this.membership.start();
      this.leases.start();
    }
    accountEvents.on("changed", this.onAccountChanged);
    // Through the same chain as account changes, so that a save during start-up cannot launch an account twice.
    const initial = this.chain.then(async () => {
      for (const account of await listStoredAccounts())
        if (account.enabled && !this.supervisors.has(account.id)) await this.launch(account);
    });
    this.chain = initial.catch((e) => this.log(`[connector] start: ${errorMessage(e)}`));
    await initial;
    const sweepMs = this.options.sweepMs ?? 5000;
    if (sweepMs > 0) {
      this.sweepTimer = setInterval(() => void this.sweep(), sweepMs);
      this.sweepTimer.unref();
    }
  }

  /** Starts something that must stop with the connector (the dispatcher). */
  attach(plugin: ConnectorPlugin): void {
    this.plugins.push(plugin);
  }

  /** Unbinds every bind (each within 2 s) and stops the plugins; the MO/SR already received are still committed. */
  async stop(): Promise<void> {
    if (!this.started) return;
    this.started = false;
    accountEvents.off("changed", this.onAccountChanged);
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    this.sweepTimer = null;
    const plugins = this.plugins.splice(0);
    await Promise.all(plugins.map(async (p) => p.stop()));
    await this.chain;
    const all = [...this.supervisors.values()];
    this.supervisors.clear();
    await Promise.all(all.map((s) => s.stop()));
    // Every slot was handed back as its bind unbound; ending the session frees the node lock too.
    await this.leases?.stop();
    await this.membership?.stop();
  }

  /**
   * Where the MT dispatcher says how many submit_sm it holds for an account, claimed and not yet handed to a bind
   * (waiting for the window or for mtPerSecond): the status's `queue` counts them with the sessions' own queues.
   */
  setMtQueue(count: ((accountId: string) => number) | null): void {
    this.mtQueue = count;
  }

  private mtQueue: ((accountId: string) => number) | null = null;

  private withMtQueue(status: AccountStatus): AccountStatus {
    return this.mtQueue ? { ...status, queue: status.queue + this.mtQueue(status.accountId) } : status;
  }

  /** The live state of an account's binds; "disabled" when the connector keeps none for it. */
  status(accountId: string): AccountStatus {
    const s = this.supervisors.get(accountId);
    if (s) return this.withMtQueue(s.status());
    return {
      accountId,
      state: "disabled",
      since: new Date(0).toISOString(),
      lastError: null,
      binds: [],
      sentLastMinute: 0,
      queue: 0,
    };
  }

  /** Every supervised account's status. */
  statuses(): AccountStatus[] {
    return [...this.supervisors.values()].map((s) => this.withMtQueue(s.status()));
  }

  /** SendPort: `listener(accountId)` each time one of an account's binds comes up. */
  onBindUp(listener: (accountId: string) => void): () => void {
    const l = (accountId: string) => listener(accountId);
    this.on("bind-up", l);
    return () => void this.off("bind-up", l);
  }

  /** The account's MT-capable binds (transceivers, or the transmitters of pairs), one per connection. */
  transmitBinds(accountId: string): TransmitBind[] {
    return this.supervisors.get(accountId)?.transmitBinds() ?? [];
  }

  /** The settings the connector is running an account with (null when not supervised). */
  account(accountId: string): StoredAccount | null {
    return this.supervisors.get(accountId)?.account ?? null;
  }

  /** Resolves once the account's state is `state` (or rejects after `timeoutMs`). For tests and the CLI. */
  waitForState(accountId: string, state: AccountStatus["state"], timeoutMs = 10_000): Promise<AccountStatus> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const st = this.status(accountId);
        if (st.state !== state) return false;
        cleanup();
        resolve(st);
        return true;
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`Account ${accountId} not ${state} within ${timeoutMs} ms (is ${this.status(accountId).state})`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.off("bind-up", check);
        this.off("bind-down", check);
        this.off("account", check);
      };
      this.on("bind-up", check);
      this.on("bind-down", check);
      this.on("account", check);
      check();
    });
  }

  /** Applies a saved change: re-binds with the new settings, or unbinds when the account is disabled or gone. */
  async refresh(accountId: string): Promise<void> {
    const current = this.supervisors.get(accountId);
    const account = await getAccount(accountId);
    if (current) {
      this.supervisors.delete(accountId);
      await current.stop();
    }
    // Deleted: its binds are down, so nothing more is traced for it; the trace log goes with the account.
    if (!account) await removeTraces(accountId);
    if (this.started && account?.enabled) await this.launch(account);
    this.emit("account", accountId);
  }

  private async launch(account: StoredAccount): Promise<void> {
    const previous = this.supervisors.get(account.id);
    if (previous) {
      this.supervisors.delete(account.id);
      await previous.stop();
    }
    const secrets = (await getAccountSecrets(account.id)) ?? { password: "", receiverPassword: null };
    const sup = new AccountSupervisor(account, secrets, {
      writer: this.writer,
      moQueue: this.moQueue,
      srQueue: this.srQueue,
      events: this,
      hooksFor: this.options.hooksFor,
      log: this.log,
      onBindEvent: (e: BindEventRecord) => this.emit("bind-event", e),
      leases: this.leases ?? undefined,
      nodeId: this.nodeId,
    });
    this.supervisors.set(account.id, sup);
    sup.start();
    this.emit("account", account.id);
  }

  private sweeps = 0;

  private async sweep(): Promise<void> {
    // Segments of concatenated MO that never completed (the SMSC gave up on the others) go after a day.
    if (this.sweeps++ % 120 === 0) {
      try {
        await dropStaleInboundParts(this.writer);
      } catch (e) {
        this.log(`[connector] stale MO segments not dropped: ${errorMessage(e)}`);
      }
    }
    for (const s of this.supervisors.values()) {
      try {
        await matchPendingReports(s.id, {
          realtimeKpi: s.account.channel.realtimeKpi,
          qualify: srErrorQualifier(s.account),
          writer: this.writer,
          recentMs: 3600_000,
          limit: 2000,
        });
      } catch (e) {
        this.log(`[connector] SR sweep for ${s.account.internalName} failed: ${errorMessage(e)}`);
      }
    }
  }
}

/**
 * The process-wide connector. A singleton because Next bundles instrumentation.ts and the route handlers
 * separately: both must see the same binds.
 */
export function getConnector(): Connector {
  return singleton(
    "connector",
    () =>
      new Connector({
        // Verbose traces: every PDU of the account's binds goes to its trace log (B2's lib/traces).
        hooksFor: (account) => ({ onPdu: traceHookFor(account.id, account.connection.verboseTraces) }),
      }),
  );
}
