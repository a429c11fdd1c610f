import "server-only";
import os from "node:os";
import type { BindEventRecord } from "../connector/supervisor";
import type { AccountStatus } from "../connector/types";
import { sqliteDateTime } from "../storage/sqlite-writer";
import type { Writer } from "../storage/writer";
import { newNodeId } from "./node-id";
import type { PgWriter } from "../postgres/writer";
import { pgText } from "../postgres/text";
import { errorMessage } from "@/lib/errors";

/**
 * The connector process's side of "state through the database": every bind's state goes to BindState (on each
 * change, debounced, and at least every `heartbeatMs` with a fresh heartbeatAt), each bind's history to BindEvent,
 * and the process itself to ConnectorNode. Any web process reads them (read.ts). One writer transaction per publish.
 *
 * In a cluster (PostgreSQL), a BindState row with its nodeId and heartbeatAt is the slot's lease: the code that
 * claims slots replaces `deleteGone` / the upsert with a conditional claim.
 *
 * Over 300 lines on purpose: one publisher, whose few statements are kept beside it for both backends (SQLite and
 * PostgreSQL) rather than split into files that would each hold half of one publish.
 */
export type StatusSource = {
  statuses(): AccountStatus[];
  on(event: "bind-up" | "bind-down" | "account", listener: () => void): unknown;
  on(event: "bind-event", listener: (e: BindEventRecord) => void): unknown;
  off(event: "bind-up" | "bind-down" | "account", listener: () => void): unknown;
  off(event: "bind-event", listener: (e: BindEventRecord) => void): unknown;
};

export type PublisherOptions = {
  writer: Writer;
  nodeId?: string;
  heartbeatMs?: number;
  /** Wait after a change before writing, so that a burst of changes is one transaction. */
  debounceMs?: number;
  log?: (message: string) => void;
};

export { newNodeId } from "./node-id";

/** A heartbeat older than this means the connector that wrote the row is gone (read.ts shows it as stale). */
export const STALE_AFTER_MS = 5000;
/** Bind history kept this long. */
export const BIND_EVENT_DAYS = 30;

const UPSERT = `INSERT INTO "BindState" (accountId, role, connectionIndex, bindKey, state, since, lastError, inFlight, queued,
    heldMt, sentLastMinute, host, port, systemId, smscSystemId, accountState, accountSince, nodeId, heartbeatAt)
  VALUES (@accountId, @role, @connectionIndex, @bindKey, @state, @since, @lastError, @inFlight, @queued, @heldMt,
    @sentLastMinute, @host, @port, @systemId, @smscSystemId, @accountState, @accountSince, @nodeId, @heartbeatAt)
  ON CONFLICT (accountId, role, connectionIndex) DO UPDATE SET bindKey = excluded.bindKey, state = excluded.state,
    since = excluded.since, lastError = excluded.lastError, inFlight = excluded.inFlight, queued = excluded.queued,
    heldMt = excluded.heldMt, sentLastMinute = excluded.sentLastMinute, host = excluded.host, port = excluded.port,
    systemId = excluded.systemId, smscSystemId = excluded.smscSystemId, accountState = excluded.accountState,
    accountSince = excluded.accountSince, nodeId = excluded.nodeId, heartbeatAt = excluded.heartbeatAt`;
const EVENT = `INSERT INTO "BindEvent" (accountId, connectionIndex, role, kind, cause, at, durationMs, nodeId)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?)`;
const NODE = `INSERT INTO "ConnectorNode" (nodeId, pid, hostname, startedAt, heartbeatAt, stoppedAt) VALUES (?, ?, ?, ?, ?, NULL)
  ON CONFLICT (nodeId) DO UPDATE SET heartbeatAt = excluded.heartbeatAt, stoppedAt = NULL`;

type BindStateRow = {
  accountId: string;
  role: string;
  connectionIndex: number;
  bindKey: string;
  state: string;
  since: Date;
  lastError: string | null;
  inFlight: number;
  queued: number;
  heldMt: number;
  sentLastMinute: number;
  host: string;
  port: number;
  systemId: string;
  smscSystemId: string | null;
  accountState: string;
  accountSince: Date;
};

const PG_UPSERT = `INSERT INTO "BindState" ("accountId", role, "connectionIndex", "bindKey", state, since, "lastError", "inFlight", queued,
    "heldMt", "sentLastMinute", host, port, "systemId", "smscSystemId", "accountState", "accountSince", "nodeId", "heartbeatAt")
  VALUES ($1, $2, $3, $4, $5, $6::timestamp, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17::timestamp, $18, now() AT TIME ZONE 'UTC')
  ON CONFLICT ("accountId", role, "connectionIndex") DO UPDATE SET "bindKey" = excluded."bindKey", state = excluded.state,
    since = excluded.since, "lastError" = excluded."lastError", "inFlight" = excluded."inFlight", queued = excluded.queued,
    "heldMt" = excluded."heldMt", "sentLastMinute" = excluded."sentLastMinute", host = excluded.host, port = excluded.port,
    "systemId" = excluded."systemId", "smscSystemId" = excluded."smscSystemId", "accountState" = excluded."accountState",
    "accountSince" = excluded."accountSince", "nodeId" = excluded."nodeId", "heartbeatAt" = excluded."heartbeatAt"`;

export class BindStatePublisher {
  readonly nodeId: string;
  private readonly startedAtDate = new Date();
  private readonly startedAt = sqliteDateTime(this.startedAtDate);
  private events: BindEventRecord[] = [];
  private timer: NodeJS.Timeout | null = null;
  private beat: NodeJS.Timeout | null = null;
  private writing: Promise<void> | null = null;
  private again = false;
  private stopped = true;
  private readonly log: (message: string) => void;

  constructor(
    private readonly source: StatusSource,
    private readonly opts: PublisherOptions,
  ) {
    this.nodeId = opts.nodeId ?? newNodeId();
    this.log = opts.log ?? ((m) => console.error(m));
  }

  private readonly onChange = () => this.schedule();
  private readonly onEvent = (e: BindEventRecord) => this.record(e);

  /** Registers the node, writes the current state, then keeps it fresh until stop(). */
  async start(): Promise<void> {
    this.stopped = false;
    this.source.on("bind-up", this.onChange);
    this.source.on("bind-down", this.onChange);
    this.source.on("account", this.onChange);
    this.source.on("bind-event", this.onEvent);
    await this.sweepDeadNodes();
    await this.publish();
    this.beat = setInterval(() => void this.publish(), this.opts.heartbeatMs ?? 1000);
    this.beat.unref();
  }

  /**
   * Rows left by a connector that died (kill -9) are taken over by the upsert when this node runs the same slot; the
   * ones for slots nobody runs any more (an account disabled meanwhile) go here, as do nodes gone for a day and bind
   * history older than BIND_EVENT_DAYS.
   */
  private async sweepDeadNodes(): Promise<void> {
    const w = this.opts.writer;
    const ago = (ms: number) => sqliteDateTime(new Date(Date.now() - ms));
    if (w.kind === "pg") {
      const pgAgo = (ms: number) => new Date(Date.now() - ms).toISOString();
      await w
        .write(async (c) => {
          await c.query(`DELETE FROM "BindState" WHERE "heartbeatAt" < $1::timestamp`, [pgAgo(STALE_AFTER_MS * 2)]);
          await c.query(`DELETE FROM "ConnectorNode" WHERE "heartbeatAt" < $1::timestamp`, [pgAgo(86_400_000)]);
          await c.query(`DELETE FROM "BindEvent" WHERE at < $1::timestamp`, [pgAgo(BIND_EVENT_DAYS * 86_400_000)]);
        })
        .catch((e: unknown) => this.log(`[connector] old bind states not swept: ${errorMessage(e)}`));
      return;
    }
    await w
      .write(() => {
        w.prepare(`DELETE FROM "BindState" WHERE heartbeatAt < ?`).run(ago(STALE_AFTER_MS * 2));
        w.prepare(`DELETE FROM "ConnectorNode" WHERE heartbeatAt < ?`).run(ago(86_400_000));
        w.prepare(`DELETE FROM "BindEvent" WHERE at < ?`).run(ago(BIND_EVENT_DAYS * 86_400_000));
      })
      .catch((e: unknown) => this.log(`[connector] old bind states not swept: ${errorMessage(e)}`));
  }

  /** A bind's history event, written with the next publish. */
  record(event: BindEventRecord): void {
    this.events.push(event);
    this.schedule();
  }

  private schedule(): void {
    if (this.timer || this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.publish();
    }, this.opts.debounceMs ?? 50);
    this.timer.unref();
  }

  /** One transaction: this node's rows as its supervisors see them now, its pending events, its heartbeat. */
  publish(): Promise<void> {
    if (this.writing) {
      this.again = true;
      return this.writing;
    }
    this.writing = this.write()
      .catch((e: unknown) => this.log(`[connector] bind states not published: ${errorMessage(e)}`))
      .finally(() => {
        this.writing = null;
        if (this.again && !this.stopped) {
          this.again = false;
          void this.publish();
        }
      });
    return this.writing;
  }

  private async write(): Promise<void> {
    const statuses = this.source.statuses();
    const events = this.events.splice(0);
    const writer = this.opts.writer;
    const rows: BindStateRow[] = [];
    for (const a of statuses) {
      const heldMt = Math.max(0, a.queue - a.binds.reduce((n, b) => n + b.queued, 0));
      for (const b of a.binds)
        rows.push({
          accountId: a.accountId,
          role: b.role,
          connectionIndex: b.connectionIndex,
          bindKey: b.key,
          state: b.state,
          since: new Date(b.since),
          lastError: b.lastError,
          inFlight: b.inFlight,
          queued: b.queued,
          heldMt,
          sentLastMinute: a.sentLastMinute,
          host: b.host,
          port: b.port,
          systemId: b.systemId,
          smscSystemId: b.smscSystemId,
          accountState: a.state,
          accountSince: new Date(a.since),
        });
    }
    try {
      if (writer.kind === "pg") await this.writePg(writer, rows, events);
      else {
        const now = sqliteDateTime();
        await writer.write(() => {
          const keep = new Set<string>();
          for (const r of rows) {
            keep.add(`${r.accountId}|${r.role}|${r.connectionIndex}`);
            writer.prepare(UPSERT).run({
              ...r,
              since: sqliteDateTime(r.since),
              accountSince: sqliteDateTime(r.accountSince),
              nodeId: this.nodeId,
              heartbeatAt: now,
            });
          }
          const mine = writer
            .prepare(`SELECT accountId, role, connectionIndex FROM "BindState" WHERE nodeId = ?`)
            .all(this.nodeId) as {
            accountId: string;
            role: string;
            connectionIndex: number;
          }[];
          for (const r of mine)
            if (!keep.has(`${r.accountId}|${r.role}|${r.connectionIndex}`))
              writer
                .prepare(`DELETE FROM "BindState" WHERE accountId = ? AND role = ? AND connectionIndex = ? AND nodeId = ?`)
                .run(r.accountId, r.role, r.connectionIndex, this.nodeId);
          for (const e of events)
            writer
              .prepare(EVENT)
              .run(e.accountId, e.connectionIndex, e.role, e.kind, e.cause, sqliteDateTime(e.at), e.durationMs, this.nodeId);
          if (!this.stopped) writer.prepare(NODE).run(this.nodeId, process.pid, os.hostname(), this.startedAt, now);
        });
      }
    } catch (e) {
      // Kept for the next attempt (the heartbeat comes within a second).
      this.events.unshift(...events);
      throw e;
    }
  }

  private async writePg(w: PgWriter, rows: BindStateRow[], events: BindEventRecord[]): Promise<void> {
    const nodeId = this.nodeId;
    await w.write(async (c) => {
      for (const r of rows)
        await c.query(PG_UPSERT, [
          r.accountId,
          r.role,
          r.connectionIndex,
          r.bindKey,
          r.state,
          r.since.toISOString(),
          r.lastError === null ? null : pgText(r.lastError),
          r.inFlight,
          r.queued,
          r.heldMt,
          r.sentLastMinute,
          r.host,
          r.port,
          r.systemId,
          r.smscSystemId,
          r.accountState,
          r.accountSince.toISOString(),
          nodeId,
        ]);
      await c.query(
        `DELETE FROM "BindState" WHERE "nodeId" = $1
           AND ("accountId", role, "connectionIndex") NOT IN (SELECT * FROM unnest($2::text[], $3::text[], $4::int[]))`,
        [nodeId, rows.map((r) => r.accountId), rows.map((r) => r.role), rows.map((r) => r.connectionIndex)],
      );
      if (events.length > 0)
        await c.query(
          `INSERT INTO "BindEvent" ("accountId", "connectionIndex", role, kind, cause, at, "durationMs", "nodeId")
           SELECT e."accountId", e."connectionIndex", e.role, e.kind, e.cause, e.at, e."durationMs", $8
           FROM unnest($1::text[], $2::int[], $3::text[], $4::text[], $5::text[], $6::timestamp[], $7::int[])
             AS e("accountId", "connectionIndex", role, kind, cause, at, "durationMs")`,
          [
            events.map((e) => e.accountId),
            events.map((e) => e.connectionIndex),
            events.map((e) => e.role),
            events.map((e) => e.kind),
            events.map((e) => (e.cause === null ? null : pgText(e.cause))),
            events.map((e) => e.at.toISOString()),
            events.map((e) => e.durationMs),
            nodeId,
          ],
        );
      if (!this.stopped)
        await c.query(
          `INSERT INTO "ConnectorNode" ("nodeId", pid, hostname, "startedAt", "heartbeatAt", "stoppedAt")
           VALUES ($1, $2, $3, $4::timestamp, now() AT TIME ZONE 'UTC', NULL)
           ON CONFLICT ("nodeId") DO UPDATE SET "heartbeatAt" = excluded."heartbeatAt", "stoppedAt" = NULL`,
          [nodeId, process.pid, os.hostname(), this.startedAtDate.toISOString()],
        );
    });
  }

  /**
   * After the connector has stopped (every bind unbound): writes the last events, removes this node's rows and marks
   * the node stopped, so that the pages say "connector not running" rather than a stale state.
   */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.source.off("bind-up", this.onChange);
    this.source.off("bind-down", this.onChange);
    this.source.off("account", this.onChange);
    this.source.off("bind-event", this.onEvent);
    if (this.timer) clearTimeout(this.timer);
    if (this.beat) clearInterval(this.beat);
    this.timer = this.beat = null;
    await this.writing;
    await this.publish();
    const writer = this.opts.writer;
    if (writer.kind === "pg") {
      await writer
        .write(async (c) => {
          await c.query(`DELETE FROM "BindState" WHERE "nodeId" = $1`, [this.nodeId]);
          await c.query(`UPDATE "ConnectorNode" SET "stoppedAt" = now() AT TIME ZONE 'UTC' WHERE "nodeId" = $1`, [this.nodeId]);
        })
        .catch((e: unknown) => this.log(`[connector] stop not published: ${errorMessage(e)}`));
      return;
    }
    await writer
      .write(() => {
        writer.prepare(`DELETE FROM "BindState" WHERE nodeId = ?`).run(this.nodeId);
        writer.prepare(`UPDATE "ConnectorNode" SET stoppedAt = ? WHERE nodeId = ?`).run(sqliteDateTime(), this.nodeId);
      })
      .catch((e: unknown) => this.log(`[connector] stop not published: ${errorMessage(e)}`));
  }
}
