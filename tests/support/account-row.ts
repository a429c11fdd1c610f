import { db } from "@/lib/db";

/**
 * A routing account row and nothing else (no bind, no connector): what the inSMS, live-feed and PostgreSQL tests need
 * as the account their MO, recipients and counters belong to.
 */
export function accountRow(label: string, internalName = label) {
  return db.routingAccount.create({
    data: { label, internalName, host: "127.0.0.1", port: 2775, mode: "transceiver", tls: false, settings: "{}" },
  });
}
