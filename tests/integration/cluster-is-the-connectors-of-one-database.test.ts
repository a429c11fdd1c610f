import crypto from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ClusterMembership, nodeAliveSql } from "@/lib/cluster/membership";
import { createTempPostgresDatabase, testBackend, type TempDatabase } from "../support/temp-db";

// Connector nodes hold PostgreSQL advisory locks, which belong to one database, while pg_locks lists those of the
// whole server. Nodes of another database on the same server (another deployment, another test file's database)
// are no nodes of this cluster: counted, they shrank each node's fair share of the binds, so an account of 2
// connections got 1 bind when other connectors ran on the server.
const onPostgres = testBackend() === "postgres";
const dbs: TempDatabase[] = [];
const nodes: ClusterMembership[] = [];

async function node(database: TempDatabase): Promise<ClusterMembership> {
  const m = new ClusterMembership({ url: database.url, nodeId: `node-${crypto.randomUUID()}`, log: () => undefined });
  nodes.push(m);
  await m.start();
  return m;
}

async function alive(database: TempDatabase, nodeId: string): Promise<boolean> {
  const c = new pg.Client({ connectionString: database.url });
  await c.connect();
  try {
    const r = await c.query<{ alive: boolean }>(`SELECT ${nodeAliveSql("$1::text")} AS alive`, [nodeId]);
    return r.rows[0].alive;
  } finally {
    await c.end();
  }
}

beforeAll(async () => {
  if (!onPostgres) return;
  dbs.push(await createTempPostgresDatabase(), await createTempPostgresDatabase());
});

afterAll(async () => {
  await Promise.all(nodes.map((n) => n.stop()));
  for (const d of dbs) await d.cleanup();
});

describe.runIf(onPostgres)("the cluster of a PostgreSQL database", () => {
  it("counts as live nodes, and as alive, only the connectors of its own database", async () => {
    const [a, b] = dbs;
    const onA = await node(a);
    const onB1 = await node(b);
    const onB2 = await node(b);
    expect(await onA.liveNodes()).toBe(1);
    expect(await onB1.liveNodes()).toBe(2);
    expect(await alive(b, onB2.nodeId)).toBe(true);
    expect(await alive(a, onB2.nodeId)).toBe(false);
    expect(await alive(a, onA.nodeId)).toBe(true);
  });
});
