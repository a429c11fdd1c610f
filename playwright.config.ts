import { defineConfig } from "@playwright/test";
import { E2E } from "./tests/e2e/support/env";

// The e2e suite runs against the production build served by `npm start`, on a database and SMSC simulator ports of
// its own (tests/e2e/support/env.ts), in Debian's Chromium (CHROME_PATH, else /usr/bin/chromium).
export default defineConfig({
  testDir: "tests/e2e",
  outputDir: "test-results",
  fullyParallel: false,
  workers: 1,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: [["list"]],
  use: {
    baseURL: E2E.baseUrl,
    trace: "off",
    launchOptions: {
      executablePath: process.env.CHROME_PATH || "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  webServer: {
    command: "npm start",
    url: `${E2E.baseUrl}/login`,
    timeout: 300_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
    env: E2E.serverEnv,
  },
});
