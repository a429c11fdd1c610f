/**
 * The ESME side of the MO and SR benches: the real connector (lib/connector) on a temporary migrated SQLite file,
 * with one transceiver account bound to the SMSC child's port. Its own process, so that the SMSC side does not share
 * its core. IPC: `{ready}` once bound; `{cmd: "seed-parts", prefix, count}` creates a running delivery with `count`
 * recipients and sent MessageParts whose ids are prefix+0… (what the SR bench matches) → `{seeded}`;
 * `{cmd: "counts"}` → `{inbound, reports, matched, delivered, partsDelivered}`; `{cmd: "cpu"}` → `{cpuMs}` used so far;
 * "stop" unbinds and exits.
 */
import { createTestDatabase } from "../../tests/support/temp-db";

async function main(port: number) {
  // BENCH_BACKEND=postgres: a PostgreSQL database of its own (bench/postgres.ts runs each bench on both backends).
  process.env.SMS_TEST_BACKEND = process.env.BENCH_BACKEND === "postgres" ? "postgres" : "sqlite";
  const tmp = await createTestDatabase("bench-connector-");
  process.env.DATABASE_URL = tmp.url;
  process.env.DATA_DIR = tmp.dir;
  process.env.APP_SECRET ??= "0".repeat(64);
  const { createAccount } = await import("@/lib/accounts/repository");
  const { Connector } = await import("@/lib/connector/service");
  const { sqliteDateTime } = await import("@/lib/storage/sqlite-writer");
  const { getWriter, closeWriter } = await import("@/lib/storage/writer");
  const { db } = await import("@/lib/db");

  const created = await createAccount(
    {
      label: "Bench",
      internalName: "bench",
      connection: { host: "127.0.0.1", port, systemId: "bench", password: "bench" },
      channel: { storeIncomingMo: true, realtimeKpi: true, shortCode: "36111" },
      throughput: { window: 100, enquireLinkPeriod: 0, reconnectDelay: 1 },
      autoReplies: [{ keyword: "STOP", shortCode: "", reply: "Bye", action: "quarantine" }],
    },
    "bench",
  );
  if (!created.ok) throw new Error(`bench account: ${created.message}`);
  const accountId = created.account.id;
  const connector = new Connector({ sweepMs: 0, log: () => undefined });
  await connector.start();
  await connector.waitForState(accountId, "bound", 10_000);
  process.send!({ ready: true });

  let deliveryId = "";
  process.on("message", (m: "stop" | { cmd: string; prefix?: string; count?: number }) => {
    void (async () => {
      if (m === "stop") {
        await connector.stop();
        await closeWriter();
        await db.$disconnect();
        await tmp.cleanup();
        process.exit(0);
      }
      if (m.cmd === "seed-parts") {
        const writer = getWriter();
        const count = m.count ?? 0;
        const prefix = m.prefix ?? "SR";
        if (!deliveryId) deliveryId = (await db.delivery.create({ data: { accountId, text: "Bench MT", status: "running" } })).id;
        if (writer.kind === "pg") {
          await writer.write(async (c) => {
            await c.query(
              `WITH r AS (
                 INSERT INTO "Recipient" ("deliveryId", number, state, "messageId", "updatedAt")
                 SELECT $1, '3361' || lpad(i::text, 8, '0'), 'sent', $2 || i, now() FROM generate_series(0, $3 - 1) i
                 RETURNING id, "messageId")
               INSERT INTO "MessagePart" ("accountId", "recipientId", "messageId", state, "createdAt")
               SELECT $4, r.id, r."messageId", 'sent', now() FROM r`,
              [deliveryId, prefix, count, accountId],
            );
            await c.query(`UPDATE "Delivery" SET total = total + $1, sent = sent + $1 WHERE id = $2`, [count, deliveryId]);
          });
          process.send!({ seeded: count });
          return;
        }
        const now = sqliteDateTime();
        await writer.write((conn) => {
          const rec = conn.prepare(
            `INSERT INTO Recipient (deliveryId, number, state, messageId, updatedAt) VALUES (?, ?, 'sent', ?, ?)`,
          );
          const part = conn.prepare(
            `INSERT INTO MessagePart (accountId, recipientId, messageId, state, createdAt) VALUES (?, ?, ?, 'sent', ?)`,
          );
          for (let i = 0; i < count; i++) {
            const id = `${prefix}${i}`;
            const r = rec.run(deliveryId, `3361${String(i).padStart(8, "0")}`, id, now);
            part.run(accountId, Number(r.lastInsertRowid), id, now);
          }
          conn.prepare(`UPDATE Delivery SET total = total + ?, sent = sent + ? WHERE id = ?`).run(count, count, deliveryId);
        });
        process.send!({ seeded: count });
      } else if (m.cmd === "cpu") {
        const c = process.cpuUsage();
        process.send!({ cpuMs: (c.user + c.system) / 1000 });
      } else if (m.cmd === "counts") {
        const [inbound, reports, matched, partsDelivered, delivery] = await Promise.all([
          db.inboundSms.count(),
          db.statusReport.count(),
          db.statusReport.count({ where: { matched: true } }),
          db.messagePart.count({ where: { state: "delivered" } }),
          deliveryId ? db.delivery.findUnique({ where: { id: deliveryId } }) : null,
        ]);
        process.send!({ inbound, reports, matched, partsDelivered, delivered: delivery?.delivered ?? 0 });
      }
    })();
  });
  process.on("disconnect", () => process.exit(0));
}

void main(Number(process.argv[2]));
