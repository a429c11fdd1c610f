import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sms-cli-"));
const env = { ...process.env, DATABASE_URL: `file:${path.join(dir, "cli.db")}`, DATA_DIR: dir };
const admin = (...args: string[]) =>
  run("npx", ["tsx", "--conditions=react-server", "scripts/admin.ts", ...args], { env, cwd: process.cwd() });

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("npm run admin", () => {
  it("creates a user and a token on a database that never existed", async () => {
    await admin("create-user", "--email", "Root@Example.com", "--password", "long-enough-pw", "--role", "admin");
    const { stdout } = await admin("create-token", "--email", "root@example.com", "--name", "ci");
    expect(stdout).toMatch(/^smsc_[A-Za-z0-9_-]{43}\n$/);
    const sqlite = new Database(path.join(dir, "cli.db"), { readonly: true });
    const user = sqlite.prepare("select email, role, passwordHash from User").get() as {
      email: string;
      role: string;
      passwordHash: string;
    };
    const token = sqlite.prepare("select tokenHash from ApiToken").get() as { tokenHash: string };
    sqlite.close();
    expect(user).toMatchObject({ email: "root@example.com", role: "admin" });
    expect(user.passwordHash).not.toContain("long-enough-pw");
    expect(token.tokenHash).not.toBe(stdout.trim());
  });

  it("refuses bad flags with the API's error JSON and creates nothing", async () => {
    const err = await admin("create-user", "--email", "nope", "--password", "short", "--role", "root").catch((e) => e);
    expect(err.code).toBe(2);
    const body = JSON.parse(err.stderr.trim().split("\n").pop());
    expect(body.error.code).toBe("validation_failed");
    expect(Object.keys(body.error.fields).sort()).toEqual(["email", "password", "role"]);
    const sqlite = new Database(path.join(dir, "cli.db"), { readonly: true });
    expect((sqlite.prepare("select count(*) n from User").get() as { n: number }).n).toBe(1);
    sqlite.close();
  });

  it("adds a user while another process is writing to the database (the running app)", async () => {
    // The app keeps the file open and writes; the CLI must not wait for Prisma's migration lock behind it.
    const app = new Database(path.join(dir, "cli.db"));
    app.pragma("busy_timeout = 5000");
    app.exec("BEGIN IMMEDIATE");
    app.prepare("update User set role = role").run();
    const release = setTimeout(() => app.exec("COMMIT"), 1000);
    try {
      await admin("create-user", "--email", "second@example.com", "--password", "long-enough-pw", "--role", "viewer");
    } finally {
      clearTimeout(release);
      if (app.inTransaction) app.exec("COMMIT");
    }
    expect((app.prepare("select count(*) n from User").get() as { n: number }).n).toBe(2);
    app.close();
  });
});
