import fs from "node:fs";
import os from "node:os";
import path from "node:path";

// One place for the e2e app's ports, database and admin, shared by playwright.config.ts and the specs.
// The runner loads this first and makes a new data folder per run; its workers inherit E2E_DATA_DIR.
if (!process.env.E2E_DATA_DIR) process.env.E2E_DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), "sms-console-e2e-"));
const dataDir = process.env.E2E_DATA_DIR;

export const E2E = {
  port: 3123,
  baseUrl: "http://127.0.0.1:3123",
  dataDir,
  adminEmail: "admin@e2e.test",
  adminPassword: "e2e-admin-password",
  smscPort: 27775,
  smscTlsPort: 27776,
  smscControlPort: 27780,
  smscControlUrl: "http://127.0.0.1:27780",
  get serverEnv(): Record<string, string> {
    return {
      ...(process.env as Record<string, string>),
      PORT: String(this.port),
      DATA_DIR: dataDir,
      DATABASE_URL: `file:${path.join(dataDir, "app.db")}`,
      ADMIN_EMAIL: this.adminEmail,
      ADMIN_PASSWORD: this.adminPassword,
      SMSC_PORT: String(this.smscPort),
      SMSC_TLS_PORT: String(this.smscTlsPort),
      SMSC_CONTROL_PORT: String(this.smscControlPort),
      APP_SECRET: "e2e-secret-not-for-production",
    };
  },
};
