import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeWriter } from "@/lib/storage/writer";
import type { Connector } from "@/lib/connector/service";
import { db } from "@/lib/db";
import { COMMAND_STATUS } from "@/lib/smpp/codec/command-status";
import type { Simulator } from "@/simulator";
import { createSimAccount, newConnector, startSim } from "../support/connector-test-kit";
import { testBackend } from "../support/temp-db";

let sim: Simulator;
let connector: Connector;
let accountId: string;

beforeAll(async () => {
  sim = await startSim();
  connector = newConnector();
  await connector.start();
  accountId = await createSimAccount(sim, { channel: { shortCode: "36111" } });
  await connector.waitForState(accountId, "bound");
});

const onPostgres = testBackend() === "postgres";

/** A trigger that makes every insert into InboundSms fail, as a full disk would. */
async function refuseMo(): Promise<void> {
  if (!onPostgres) {
    await db.$executeRawUnsafe(
      `CREATE TRIGGER refuse_mo BEFORE INSERT ON InboundSms BEGIN SELECT RAISE(ABORT, 'disk full (test)'); END`,
    );
    return;
  }
  await db.$executeRawUnsafe(
    `CREATE OR REPLACE FUNCTION refuse_mo() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'disk full (test)'; END $$`,
  );
  await db.$executeRawUnsafe(`CREATE TRIGGER refuse_mo BEFORE INSERT ON "InboundSms" FOR EACH ROW EXECUTE FUNCTION refuse_mo()`);
}

const allowMo = () =>
  db.$executeRawUnsafe(onPostgres ? `DROP TRIGGER IF EXISTS refuse_mo ON "InboundSms"` : `DROP TRIGGER IF EXISTS refuse_mo`);

afterAll(async () => {
  await allowMo();
  await connector.stop();
  await sim.stop();
  await closeWriter();
});

const rowsFrom = (origin: string) => db.inboundSms.findMany({ where: { origin }, orderBy: { id: "asc" } });

describe("incoming MO", () => {
  it("stores an MO with its decoded text before acknowledging it", async () => {
    const r = await sim.pushMo({ from: "+33611000001", to: "36111", text: "Hello {world} €" });
    expect(r.statusName).toBe("ESME_ROK (0x00000000)");
    const rows = await rowsFrom("33611000001");
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      accountId,
      destination: "36111",
      message: "Hello {world} €",
      dataCoding: 0,
      keyword: null,
      action: null,
    });
    expect(rows[0].receivedAt).toBeInstanceOf(Date);
  });

  it("answers ESME_RX_T_APPN while the database refuses the write, then stores the SMSC's retry", async () => {
    await refuseMo();
    const refused = await sim.pushMo({ from: "33611000002", to: "36111", text: "Will you keep me?" });
    expect(refused.status).toBe(COMMAND_STATUS.ESME_RX_T_APPN);
    expect(await rowsFrom("33611000002")).toHaveLength(0);

    await allowMo();
    const retried = await sim.pushMo({ from: "33611000002", to: "36111", text: "Will you keep me?" });
    expect(retried.status).toBe(0);
    const rows = await rowsFrom("33611000002");
    expect(rows.map((r) => r.message)).toEqual(["Will you keep me?"]);
  });

  it.runIf(onPostgres)("answers ESME_RX_T_APPN when another transaction locks the table past the lock timeout", async () => {
    // PostgreSQL: another session holds InboundSms locked; the writer waits lock_timeout, then gives up (no endless wait).
    const pg = (await import("pg")).default;
    const { openPgWriter } = await import("@/lib/postgres/writer");
    const { storeMoBatch } = await import("@/lib/insms/store");
    const other = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await other.connect();
    const writer = openPgWriter(process.env.DATABASE_URL!, 2, { lockTimeoutMs: 200 });
    try {
      await other.query(`BEGIN; LOCK TABLE "InboundSms" IN ACCESS EXCLUSIVE MODE`);
      const mo = {
        accountId,
        store: true,
        origin: "33611000010",
        destination: "36111",
        dataCoding: 0,
        text: "locked",
        concat: null,
        rules: [],
      };
      // 55P03: lock_not_available.
      await expect(storeMoBatch(writer, [mo])).rejects.toMatchObject({ code: "55P03" });
      await other.query("COMMIT");
      const [stored] = await storeMoBatch(writer, [mo]);
      expect(stored.inboundId).toBeGreaterThan(0);
    } finally {
      await other.query("ROLLBACK").catch(() => undefined);
      await other.end();
      await writer.close();
    }
  });

  it.skipIf(onPostgres)("answers ESME_RX_T_APPN when another connection holds the write lock past the deadline", async () => {
    // A second SQLite connection in an exclusive write transaction: our writer retries, then gives up.
    const Database = (await import("better-sqlite3")).default;
    const { sqliteFilePath } = await import("@/lib/database-url");
    const other = new Database(sqliteFilePath());
    const { openSqliteWriter } = await import("@/lib/storage/sqlite-writer");
    const { storeMoBatch } = await import("@/lib/insms/store");
    const writer = openSqliteWriter(undefined, { busyDeadlineMs: 200 });
    try {
      other.exec("BEGIN EXCLUSIVE");
      const mo = {
        accountId,
        store: true,
        origin: "33611000009",
        destination: "36111",
        dataCoding: 0,
        text: "locked",
        concat: null,
        rules: [],
      };
      await expect(storeMoBatch(writer, [mo])).rejects.toMatchObject({ code: "SQLITE_BUSY" });
      other.exec("COMMIT");
      const [stored] = await storeMoBatch(writer, [mo]);
      expect(stored.inboundId).toBeGreaterThan(0);
    } finally {
      if (other.inTransaction) other.exec("ROLLBACK");
      other.close();
      writer.close();
    }
  });

  it.each([
    ["8-bit UDH", "udh" as const, "gsm7" as const],
    ["16-bit UDH", "udh16" as const, "gsm7" as const],
    ["SAR TLVs", "sar" as const, "gsm7" as const],
    ["8-bit UDH in UCS-2", "udh" as const, "ucs2" as const],
  ])("joins a concatenated MO (%s) into one row", async (_name, concat, encoding) => {
    const from = `3361200${["udh", "udh16", "sar"].indexOf(concat)}${encoding === "ucs2" ? 1 : 0}0`;
    const text =
      encoding === "ucs2"
        ? "Привет! Это длинное сообщение на русском языке, которое не помещается в одно SMS и поэтому делится на части 😀 конец."
        : "A long message that does not fit in a single SMS: it is split by the SMSC into several parts, each with its header, and must come back whole, in the order of its parts, as one row of the inSMS table. The end.";
    const r = await sim.pushMo({ from, to: "36111", text, concat, encoding });
    expect(r.parts).toBeGreaterThan(1);
    expect(r.statuses.every((s) => s === 0)).toBe(true);
    const rows = await rowsFrom(from);
    expect(rows.map((x) => x.message)).toEqual([text]);
    expect(await db.inboundPart.count({ where: { origin: from } })).toBe(0);
  });

  it("decodes with the account's encoding mapping", async () => {
    // data_coding 4 is 8-bit data (read as Latin-1 by default); this SMSC uses it for UCS-2.
    sim.reset();
    const id = await createSimAccount(sim, { smsc: { encodings: [{ dataCoding: 4, encoding: "ucs2" }] } });
    await connector.waitForState(id, "bound");
    const session = sim
      .sessions()
      .find((s) => s.mode === "transceiver" && s.connectedAt === Math.max(...sim.sessions().map((x) => x.connectedAt)))!;
    const r = await sim.pushMo({
      from: "33611000003",
      to: "36111",
      text: "Привет",
      encoding: "ucs2",
      dataCoding: 4,
      session: session.id,
    });
    expect(r.status).toBe(0);
    const rows = await db.inboundSms.findMany({ where: { origin: "33611000003" } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ accountId: id, message: "Привет", dataCoding: 4 });
    const { setAccountEnabled } = await import("@/lib/accounts/repository");
    await setAccountEnabled(id, false, "test");
    await connector.waitForState(id, "disabled");
  });

  it("stores an MO sent as data_sm", async () => {
    const r = await sim.pushMo({ from: "33611000004", to: "36111", text: "via data_sm", dataSm: true });
    expect(r.status).toBe(0);
    expect((await rowsFrom("33611000004")).map((x) => x.message)).toEqual(["via data_sm"]);
  });

  it("answers a malformed PDU with generic_nack and keeps the session", async () => {
    const session = sim.sessions().find((s) => s.mode === "transceiver")!;
    const nack = await sim.sendMalformedPdu(session.id, "truncated");
    expect(nack.command).toBe("generic_nack");
    const unknown = await sim.sendMalformedPdu(session.id, "unknownCommand");
    expect(unknown.command).toBe("generic_nack");
    const r = await sim.pushMo({ from: "33611000005", to: "36111", text: "still here", session: session.id });
    expect(r.status).toBe(0);
    expect(await rowsFrom("33611000005")).toHaveLength(1);
    expect(connector.status(accountId).state).toBe("bound");
  });
});
