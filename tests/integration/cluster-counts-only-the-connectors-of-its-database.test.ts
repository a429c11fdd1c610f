import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import { NODE_LOCK_CLASS, nodeAliveSql } from "@/lib/cluster/membership";
import type { Connector } from "@/lib/connector/service";
import { closeWriter, getWriter } from "@/lib/storage/writer";
import type { Simulator } from "@/simulator";
import { createSimAccount, newConnector, startSim } from "../support/connector-test-kit";
import { testBackend, testPostgresUrl } from "../support/temp-db";

// Issue 10's cluster is the connectors of one database. pg_locks lists the locks of every database of the server,
// so a connector of another installation (or of another test file) on the same server counted as a live node: this
// one then took only its "fair share" of the slots, and a second account stayed "connecting".
const onPostgres = testBackend() === "postgres";
const OTHER_NODE = "node-of-another-database";
let other: pg.Client;
let sim: Simulator;
let connector: Connector;

beforeAll(async () => {
  if (!onPostgres) return;
  // A node lock as a connector takes it (ClusterMembership), held in the server's base database, not this file's.
  other = new pg.Client({ connectionString: testPostgresUrl() });
  await other.connect();
  await other.query("SELECT pg_advisory_lock($1, hashtext($2))", [NODE_LOCK_CLASS, OTHER_NODE]);
  sim = await startSim();
  connector = newConnector();
  await connector.start();
});

afterAll(async () => {
  if (!onPostgres) return;
  await connector.stop();
  await sim.stop();
  await other.end();
  await closeWriter();
});

describe.runIf(onPostgres)("a connector beside a connector of another database on the same server", () => {
  it("binds every account (it is the only node of its cluster)", async () => {
    const first = await createSimAccount(sim);
    await connector.waitForState(first, "bound");
    const second = await createSimAccount(sim);
    await connector.waitForState(second, "bound");
  });

  it("does not take the other database's node for a live node of its own (claims of a dead node are resumed)", async () => {
    const writer = getWriter();
    if (writer.kind !== "pg") throw new Error("expected PostgreSQL");
    const [row] = await writer.query<{ alive: boolean }>(`SELECT ${nodeAliveSql("$1::text")} AS alive`, [OTHER_NODE]);
    expect(row.alive).toBe(false);
    const [own] = await writer.query<{ alive: boolean }>(`SELECT ${nodeAliveSql("$1::text")} AS alive`, [connector.nodeId]);
    expect(own.alive).toBe(true);
  });
});
