import "server-only";
import { db } from "../db";
import type { AccountState, AccountStatus, BindRole, BindState as BindStateName, BindStatus } from "../connector/types";
import { STALE_AFTER_MS } from "./publish";
import { utcText } from "@/lib/utc-text";

/**
 * The web side of "state through the database": an account's binds as the connector process published them
 * (publish.ts), so any web process shows them. A row whose heartbeat is older than STALE_AFTER_MS is from a connector
 * that is gone or stuck: the status says `stale` and when it was last heard of; its binds do not count as bound.
 */
export type PublishedStatus = AccountStatus & {
  /** The newest heartbeat behind this status (null: no connector holds the account's binds). */
  heartbeatAt: string | null;
  /** True when that heartbeat is older than STALE_AFTER_MS. */
  stale: boolean;
  /** The connector processes holding the binds. */
  nodeIds: string[];
};

type Row = Awaited<ReturnType<typeof db.bindState.findMany>>[number];

const ROLE_ORDER: Record<string, number> = { transceiver: 0, transmitter: 1, receiver: 2 };

/** Whether a live (heartbeating, not stopped) connector process exists. */
export async function connectorAlive(now = Date.now()): Promise<boolean> {
  const n = await db.connectorNode.count({
    where: { stoppedAt: null, heartbeatAt: { gte: new Date(now - STALE_AFTER_MS) } },
  });
  return n > 0;
}

function toBind(r: Row, stale: boolean): BindStatus & { nodeId: string; stale: boolean } {
  return {
    key: r.bindKey,
    role: r.role as BindRole,
    kind: r.role as BindRole,
    connectionIndex: r.connectionIndex,
    bound: r.state === "bound" && !stale,
    host: r.host,
    port: r.port,
    systemId: r.systemId,
    state: r.state as BindStateName,
    since: r.since.toISOString(),
    lastError: r.lastError,
    inFlight: r.inFlight,
    queued: r.queued,
    smscSystemId: r.smscSystemId,
    nodeId: r.nodeId,
    stale,
  };
}

/** The account's state from its bind rows (several nodes in a cluster: computed as the supervisor does). */
function accountState(rows: Row[]): { state: AccountState; since: Date } {
  const nodes = new Set(rows.map((r) => r.nodeId));
  if (nodes.size === 1) return { state: rows[0].accountState as AccountState, since: rows[0].accountSince };
  const states = rows.map((r) => r.state);
  const state: AccountState = states.every((s) => s === "disabled")
    ? "disabled"
    : states.every((s) => s === "bound")
      ? "bound"
      : states.some((s) => s === "bound" || s === "connecting")
        ? "connecting"
        : "disconnected";
  return { state, since: new Date(Math.max(...rows.map((r) => r.accountSince.getTime()))) };
}

function fromRows(accountId: string, rows: Row[], now: number): PublishedStatus {
  const newest = Math.max(...rows.map((r) => r.heartbeatAt.getTime()));
  const stale = now - newest > STALE_AFTER_MS;
  rows.sort((a, b) => a.connectionIndex - b.connectionIndex || (ROLE_ORDER[a.role] ?? 9) - (ROLE_ORDER[b.role] ?? 9));
  const binds = rows.map((r) => toBind(r, now - r.heartbeatAt.getTime() > STALE_AFTER_MS));
  let lastError: string | null = null;
  let lastAt = 0;
  for (const r of rows)
    if (r.lastError && r.since.getTime() >= lastAt) {
      lastError = r.lastError;
      lastAt = r.since.getTime();
    }
  // Per node: the dispatcher's held MT and the MT sent in the last minute are the node's, repeated on its rows.
  const perNode = new Map<string, { held: number; sent: number }>();
  for (const r of rows) {
    const p = perNode.get(r.nodeId) ?? { held: 0, sent: 0 };
    perNode.set(r.nodeId, { held: Math.max(p.held, r.heldMt), sent: Math.max(p.sent, r.sentLastMinute) });
  }
  const { state, since } = accountState(rows);
  return {
    accountId,
    state,
    since: since.toISOString(),
    lastError: stale
      ? `No news from the connector since ${utcText(new Date(newest))} (stopped or stuck): this state may be out of date`
      : lastError,
    binds,
    sentLastMinute: [...perNode.values()].reduce((n, p) => n + p.sent, 0),
    queue: binds.reduce((n, b) => n + b.queued, 0) + [...perNode.values()].reduce((n, p) => n + p.held, 0),
    heartbeatAt: new Date(newest).toISOString(),
    stale,
    nodeIds: [...new Set(rows.map((r) => r.nodeId))],
  };
}

/** No row: a disabled account, or one no connector has bound yet (just saved, or no connector running). */
function withoutRows(account: { id: string; enabled: boolean }, alive: boolean): PublishedStatus {
  return {
    accountId: account.id,
    state: account.enabled ? (alive ? "connecting" : "disconnected") : "disabled",
    since: new Date(0).toISOString(),
    lastError: account.enabled && !alive ? "The connector is not running" : null,
    binds: [],
    sentLastMinute: 0,
    queue: 0,
    heartbeatAt: null,
    stale: false,
    nodeIds: [],
  };
}

/** One account's published status. */
export async function readAccountStatus(account: { id: string; enabled: boolean }): Promise<PublishedStatus> {
  const now = Date.now();
  const rows = await db.bindState.findMany({ where: { accountId: account.id } });
  if (rows.length > 0) return fromRows(account.id, rows, now);
  return withoutRows(account, await connectorAlive(now));
}

/** The published status of each of these accounts (the accounts list, health), in two queries. */
export async function readAccountStatuses(accounts: { id: string; enabled: boolean }[]): Promise<PublishedStatus[]> {
  const now = Date.now();
  const [rows, alive] = await Promise.all([
    db.bindState.findMany({ where: { accountId: { in: accounts.map((a) => a.id) } } }),
    connectorAlive(now),
  ]);
  const byAccount = new Map<string, Row[]>();
  for (const r of rows) byAccount.set(r.accountId, [...(byAccount.get(r.accountId) ?? []), r]);
  return accounts.map((a) => {
    const mine = byAccount.get(a.id);
    return mine ? fromRows(a.id, mine, now) : withoutRows(a, alive);
  });
}
