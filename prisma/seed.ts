/**
 * First-start data: an admin (password printed once) and the "Local simulator" routing account pointing at the
 * SMSC simulator that `npm start` runs beside the app. Idempotent.
 */
import crypto from "node:crypto";

export interface SeedOptions {
  adminEmail: string;
  adminPassword?: string;
  smscHost: string;
  smscPort: number;
  smscSystemId: string;
  smscPassword: string;
}

export async function seed(o: SeedOptions): Promise<{ adminCreated: boolean; adminPassword?: string }> {
  const { db } = await import("../lib/db");
  const { createUser } = await import("../lib/auth/users");
  const { createAccount } = await import("../lib/accounts/repository");
  let adminCreated = false;
  let adminPassword: string | undefined;
  if ((await db.user.count()) === 0) {
    adminPassword = o.adminPassword || crypto.randomBytes(12).toString("base64url");
    await createUser({ email: o.adminEmail, password: adminPassword, role: "admin" });
    adminCreated = true;
  }
  if (!(await db.routingAccount.findUnique({ where: { internalName: "local_simulator" } }))) {
    const r = await createAccount(
      {
        label: "Local simulator",
        internalName: "local_simulator",
        enabled: true,
        connection: {
          host: o.smscHost,
          port: o.smscPort,
          systemId: o.smscSystemId,
          password: o.smscPassword,
          implementationName: "Simulator",
        },
        channel: { storeIncomingMo: true, realtimeKpi: true, sourceNumber: "36000", shortCode: "36000" },
        throughput: { mtPerSecond: 0, window: 100, reconnectDelay: 2 },
        autoReplies: [
          { keyword: "STOP", shortCode: "", reply: "You will no longer receive SMS from us.", action: "quarantine" },
          { keyword: "START", shortCode: "", reply: "Welcome back!", action: "unquarantine" },
        ],
      },
      "seed",
    );
    if (!r.ok) throw new Error(`seeding the Local simulator account failed: ${JSON.stringify(r)}`);
  }
  return { adminCreated, adminPassword };
}
