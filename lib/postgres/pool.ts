import pg from "pg";
import { createHash } from "node:crypto";

/**
 * node-postgres pools for the PostgreSQL backend: the connector's hot paths (MO, SR, send journal) and
 * the migration runner. Prisma has its own pool through @prisma/adapter-pg.
 *
 * Timestamps: Prisma stores DateTime in `timestamp(3)` (without time zone) as UTC. node-postgres would read such a
 * value as local time, so this pool reads it as UTC; values are written as ISO strings in UTC (`toISOString()`).
 */
const TIMESTAMP_OID = 1114;
const INT8_OID = 20;

const types = {
  getTypeParser(oid: number, format?: "text" | "binary") {
    if (oid === TIMESTAMP_OID && format !== "binary") return (s: string) => new Date(s.replace(" ", "T") + "Z");
    // COUNT(*) and bigint ids fit a JS number here (ids are int4, counts far below 2^53).
    if (oid === INT8_OID && format !== "binary") return (s: string) => Number(s);
    return pg.types.getTypeParser(oid, format as "text");
  },
} as pg.CustomTypesConfig;

/**
 * Every connection to PostgreSQL (pools, Prisma's, the cluster session, LISTEN) gives up connecting after 5 s, and
 * keeps its socket alive. Without a connect timeout, a connection opened during a network cut waits for the kernel's
 * SYN retries (about 2 minutes) and everything queued behind it with it: measured in
 * tests/integration/cluster-network-cut-to-postgres, where a node stayed unbound for good after the network was back.
 */
export const PG_CONNECTION_OPTIONS = {
  connectionTimeoutMillis: 5000,
  keepAlive: true,
  keepAliveInitialDelayMillis: 1000,
} as const;

export type PgPool = pg.Pool;
export type PgClient = pg.PoolClient;

export function createPgPool(connectionString: string, max = 10, opts: { lockTimeoutMs?: number } = {}): PgPool {
  const pool = new pg.Pool({
    connectionString,
    ...PG_CONNECTION_OPTIONS,
    max,
    types,
    application_name: appName(),
    // force_custom_plan: a prepared statement (see `prepared`) is planned for its actual arrays every time. A generic
    // plan, chosen after five runs on small batches, joined the arrays by nested loop; given one batch of 100,000
    // outcomes (the flush after a slow spell) that statement ran for minutes.
    options: [
      "-c plan_cache_mode=force_custom_plan",
      ...(opts.lockTimeoutMs ? [`-c lock_timeout=${Math.round(opts.lockTimeoutMs)}`] : []),
    ].join(" "),
  });
  // An idle client that loses its connection (PostgreSQL restarted) must not end the process.
  pool.on("error", (e) => console.error(`[postgres] idle connection lost: ${e.message}`));
  return pool;
}

function appName(): string {
  return `sms-console:${process.env.CONNECTOR === "only" ? "connector" : "app"}:${process.pid}`.slice(0, 63);
}

/** Runs `fn` in one transaction on a client of the pool (BEGIN … COMMIT, ROLLBACK on a throw). */
export async function inTransaction<T>(pool: PgPool, fn: (c: PgClient) => Promise<T>): Promise<T> {
  const c = await pool.connect();
  // A checked-out client has no listener of the pool's: a connection ended by the server between two statements of
  // the transaction (PostgreSQL restarted, the database dropped) would be an unhandled 'error' that ends the process.
  // The next statement fails instead, the transaction rolls back and the client is discarded.
  let lost: Error | null = null;
  const onError = (e: Error) => void (lost = e);
  c.on("error", onError);
  try {
    await c.query("BEGIN");
    const out = await fn(c);
    await c.query("COMMIT");
    return out;
  } catch (e) {
    await c.query("ROLLBACK").catch(() => undefined);
    throw e;
  } finally {
    c.off("error", onError);
    c.release(lost ?? undefined);
  }
}

/**
 * A named prepared statement for a hot path: PostgreSQL parses and analyses it once per connection instead of at
 * every batch, and still plans it for each batch's arrays (plan_cache_mode above). Measured on the SR batch's
 * statements (one connection, 100,000 SR in batches of 50, custom plans both ways): 124 → 112 µs of server CPU per SR,
 * median of 3. The name is the text's hash, so that one
 * name never stands for two texts on a connection.
 */
export function prepared(text: string): (values: unknown[]) => pg.QueryConfig {
  let name = PREPARED_NAMES.get(text);
  if (name === undefined) PREPARED_NAMES.set(text, (name = `h${createHash("sha1").update(text).digest("hex").slice(0, 20)}`));
  const n = name;
  return (values) => ({ name: n, text, values });
}

const PREPARED_NAMES = new Map<string, string>();
