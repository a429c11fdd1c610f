import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NODE_LOCK_CLASS, nodeAliveSql } from "@/lib/cluster/membership";
import type { Connector } from "@/lib/connector/service";
import { closeWriter, getWriter } from "@/lib/storage/writer";
import type { Simulator } from "@/simulator";
import { testBackend, testPostgresUrl } from "../support/temp-db";
import { createSimAccount, eventually, newConnector, startSim, SYSTEM_ID } from "../support/connector-test-kit";

// Issue 10: a cluster is the connector nodes of one database. Another installation on the same PostgreSQL server
// (here: a node lock held in the server's admin database, as the PostgreSQL tests of another worktree hold one in
// theirs) is not a node of this cluster: counted as one, it made a lone connector hand back half of its binds, and
// a delivery on the account of a slot handed back to nobody never went on.
const onPostgres = testBackend() === "postgres";
const FOREIGN_NODE = "a-node-of-another-database";
let foreign: pg.Client;
let sim: Simulator;
let connector: Connector;

beforeAll(async () => {
  if (!onPostgres) return;
  foreign = new pg.Client({ connectionString: testPostgresUrl() });
  await foreign.connect();
  await foreign.query("SELECT pg_advisory_lock($1, hashtext($2))", [NODE_LOCK_CLASS, FOREIGN_NODE]);
  sim = await startSim();
  connector = newConnector();
  await connector.start();
});

afterAll(async () => {
  if (!onPostgres) return;
  await connector.stop();
  await sim.stop();
  await closeWriter();
  await foreign.end();
});

describe.runIf(onPostgres)("a connector beside another database's cluster on the same server", () => {
  it("binds every connection of its account (it is the only node of its database)", async () => {
    await createSimAccount(sim, { connection: { connections: 2 } });
    await eventually(
      () => sim.sessions().filter((s) => s.systemId === SYSTEM_ID && s.mode === "transceiver").length === 2,
      10_000,
      "both connections bound by the one connector",
    );
  });

  it("does not take a node of another database for a live node of this one", async () => {
    const writer = getWriter();
    if (writer.kind !== "pg") throw new Error("expected the PostgreSQL writer");
    const alive = async (nodeId: string) =>
      (await writer.query<{ alive: boolean }>(`SELECT ${nodeAliveSql("$1::text")} AS alive`, [nodeId]))[0].alive;
    expect(await alive(FOREIGN_NODE)).toBe(false);
    expect(await alive(connector.nodeId)).toBe(true);
  });
});
