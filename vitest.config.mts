import path from "node:path";
import { defineConfig } from "vitest/config";

const alias = {
  "@": path.resolve(import.meta.dirname),
  // "server-only" throws outside React Server Components; tests run server code directly.
  "server-only": path.resolve(import.meta.dirname, "tests/support/empty-module.ts"),
};

/** Integration files about SQLite itself (its file modes, its writer, its locks): not run on PostgreSQL. */
const SQLITE_ONLY: string[] = [
  "tests/integration/admin-cli-on-fresh-database.test.ts",
  "tests/integration/data-folder-readable-by-owner-only.test.ts",
];

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      { resolve: { alias }, test: { name: "unit", include: ["tests/unit/**/*.test.ts"], environment: "node" } },
      {
        resolve: { alias },
        test: {
          name: "integration",
          include: ["tests/integration/**/*.test.ts"],
          environment: "node",
          setupFiles: ["tests/support/integration-setup.ts"],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // Files run one at a time: they open sockets and SQLite files and measure rates.
          fileParallelism: false,
        },
      },
      {
        // The same integration tests on PostgreSQL (issue 10): each file gets a database of its own
        // (tests/support/temp-db.ts); TEST_POSTGRES_URL says which server (default: the local one, trust auth).
        resolve: { alias },
        test: {
          name: "integration-postgres",
          include: ["tests/integration/**/*.test.ts"],
          exclude: SQLITE_ONLY,
          environment: "node",
          env: { SMS_TEST_BACKEND: "postgres" },
          setupFiles: ["tests/support/integration-setup.ts"],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
