import "server-only";
import { EventEmitter } from "node:events";
import pg from "pg";
import { errorMessage } from "@/lib/errors";
import { PG_CONNECTION_OPTIONS } from "@/lib/postgres/pool";

/**
 * A connector's membership of the cluster, on PostgreSQL's advisory locks held by one dedicated session:
 *
 * - the node lock `(NODE_LOCK_CLASS, hashtext(nodeId))` says the node is alive: PostgreSQL releases it the moment the
 *   session ends (process killed: the kernel closes the socket), so "which nodes are alive" is a read of pg_locks,
 *   not a heartbeat to wait out;
 * - a bind slot lock `hashtextextended('slot:' || key, 0)` (64 bits) is that slot's lease: at most one session holds it.
 *
 * If the session is lost (PostgreSQL restarted, the network cut) this node can no longer prove it holds its slots:
 * it emits "lost" (the leases stop every bind at once) and reconnects. A liveness probe with a short timeout finds a
 * silent cut well before PostgreSQL's own keepalive (set on the session below) frees the locks for the other nodes.
 */
export const NODE_LOCK_CLASS = 0x534d53; // "SMS"

/**
 * Advisory locks belong to one database, but pg_locks lists those of every database of the server: the cluster is
 * the connectors of this database only (another deployment, or another test's database, on the same server is not
 * a node of it: counted, it shrank every node's fair share of the binds).
 */
const THIS_DATABASE = "database = (SELECT oid FROM pg_database WHERE datname = current_database())";

export type MembershipOptions = {
  url: string;
  nodeId: string;
  /** How often the session is probed, and how long a probe may take before the session counts as lost. */
  probeMs?: number;
  probeTimeoutMs?: number;
  log?: (message: string) => void;
};

export class ClusterMembership extends EventEmitter {
  private client: pg.Client | null = null;
  private connecting: Promise<pg.Client | null> | null = null;
  private probeTimer: NodeJS.Timeout | null = null;
  private stopped = false;
  private readonly log: (m: string) => void;

  constructor(private readonly opts: MembershipOptions) {
    super();
    this.log = opts.log ?? ((m) => console.error(m));
  }

  get nodeId(): string {
    return this.opts.nodeId;
  }

  /** True while the session that holds this node's locks is up. */
  get connected(): boolean {
    return this.client !== null;
  }

  async start(): Promise<void> {
    this.stopped = false;
    await this.session();
    this.probeTimer = setInterval(() => void this.probe(), this.opts.probeMs ?? 1000);
    this.probeTimer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.probeTimer) clearInterval(this.probeTimer);
    this.probeTimer = null;
    const c = this.client;
    this.client = null;
    // Ending the session releases every lock of this node (its slots and its node lock) at once.
    await c?.end().catch(() => undefined);
  }

  /** The session, connecting (and taking the node lock) when there is none; null when PostgreSQL cannot be reached. */
  private session(): Promise<pg.Client | null> {
    if (this.client) return Promise.resolve(this.client);
    if (this.stopped) return Promise.resolve(null);
    return (this.connecting ??= this.connect().finally(() => (this.connecting = null)));
  }

  private async connect(): Promise<pg.Client | null> {
    const c = new pg.Client({
      connectionString: this.opts.url,
      ...PG_CONNECTION_OPTIONS,
      application_name: `sms-console:cluster:${process.pid}`,
      // The server notices a vanished node within ~5 s (idle 2 s, then 3 probes 1 s apart) and frees its locks.
      options: "-c tcp_keepalives_idle=2 -c tcp_keepalives_interval=1 -c tcp_keepalives_count=3",
    });
    c.on("error", (e) => this.lose(c, e.message));
    c.on("end", () => this.lose(c, "session ended"));
    try {
      await c.connect();
      await c.query("SELECT pg_advisory_lock($1, hashtext($2))", [NODE_LOCK_CLASS, this.opts.nodeId]);
    } catch (e) {
      await c.end().catch(() => undefined);
      this.log(`[cluster] cannot reach PostgreSQL: ${errorMessage(e)}`);
      return null;
    }
    if (this.stopped) {
      await c.end().catch(() => undefined);
      return null;
    }
    this.client = c;
    this.emit("connected");
    return c;
  }

  private lose(c: pg.Client, why: string): void {
    if (this.client !== c) return;
    this.client = null;
    void c.end().catch(() => undefined);
    if (!this.stopped) {
      this.log(`[cluster] lost the PostgreSQL session (${why}): stopping this node's binds until it is back`);
      this.emit("lost");
    }
  }

  private async probe(): Promise<void> {
    const c = this.client;
    if (!c) {
      await this.session();
      return;
    }
    const timeout = this.opts.probeTimeoutMs ?? 3000;
    let timer: NodeJS.Timeout | undefined;
    const ok = await Promise.race([
      c.query("SELECT 1").then(
        () => true,
        () => false,
      ),
      new Promise<boolean>((r) => (timer = setTimeout(() => r(false), timeout))),
    ]);
    clearTimeout(timer);
    if (!ok) this.lose(c, `no answer within ${timeout} ms`);
  }

  /** Takes the slot's lease if nobody holds it; false when another node does or the session is down. */
  async tryLock(slotKey: string): Promise<boolean> {
    const c = await this.session();
    if (!c) return false;
    try {
      const r = await c.query<{ ok: boolean }>("SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS ok", [`slot:${slotKey}`]);
      return r.rows[0]?.ok === true;
    } catch {
      return false;
    }
  }

  /** Gives the slot's lease back (after its bind is unbound). */
  async unlock(slotKey: string): Promise<void> {
    const c = this.client;
    if (!c) return;
    await c.query("SELECT pg_advisory_unlock(hashtextextended($1, 0))", [`slot:${slotKey}`]).catch(() => undefined);
  }

  /** How many connector nodes hold their node lock now (this one included when connected). */
  async liveNodes(): Promise<number> {
    const c = await this.session();
    if (!c) return 0;
    const r = await c.query<{ n: number }>(
      `SELECT COUNT(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND classid = $1 AND objsubid = 2 AND granted
        AND ${THIS_DATABASE}`,
      [NODE_LOCK_CLASS],
    );
    return r.rows[0]?.n ?? 0;
  }
}

/**
 * SQL true when the connector node `column` names is alive (holds its node lock): for "claims of a dead owner only".
 * pg_locks shows the two-int lock's second key as an unsigned objid.
 */
export function nodeAliveSql(column: string): string {
  return `EXISTS (SELECT 1 FROM pg_locks l WHERE l.locktype = 'advisory' AND l.classid = ${NODE_LOCK_CLASS}
    AND l.objsubid = 2 AND l.granted AND l.objid::bigint = (hashtext(${column})::bigint & 4294967295)
    AND l.${THIS_DATABASE})`;
}
