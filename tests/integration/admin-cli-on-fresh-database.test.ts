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

  const lastError = (e: { stderr: string }) => JSON.parse(e.stderr.trim().split("\n").pop()!).error;
  const list = async () =>
    (await admin("list-users")).stdout
      .trim()
      .split("\n")
      .map((l) => l.split("\t"));

  it("lists users and changes a role", async () => {
    expect(await list()).toEqual([
      ["root@example.com", "admin", "active", "never"],
      ["second@example.com", "viewer", "active", "never"],
    ]);
    expect((await admin("set-role", "--email", "second@example.com", "--role", "operator")).stdout).toBe(
      "second@example.com is operator\n",
    );
  });

  it("resets a password (printing only the one-time password) and disables a user", async () => {
    const { stdout: temporary } = await admin("reset-password", "--email", "second@example.com");
    expect(temporary).toMatch(/^[A-Za-z0-9]{16}\n$/);
    await admin("disable-user", "--email", "second@example.com");
    expect((await list())[1]).toEqual(["second@example.com", "operator", "disabled,new-password-pending", "never"]);
    const sqlite = new Database(path.join(dir, "cli.db"), { readonly: true });
    const actions = sqlite.prepare("select actor, action from AuditEntry where accountId is null").all();
    const { passwordHash } = sqlite.prepare("select passwordHash from User where email = 'second@example.com'").get() as {
      passwordHash: string;
    };
    sqlite.close();
    expect(actions).toEqual(
      expect.arrayContaining([
        { actor: "cli", action: "user.set-role" },
        { actor: "cli", action: "user.reset-password" },
        { actor: "cli", action: "user.disable" },
      ]),
    );
    expect(passwordHash).not.toContain(temporary.trim());
  });

  it("keeps the last active admin and names an unknown user, with the API's error JSON", async () => {
    const err = await admin("disable-user", "--email", "root@example.com").catch((e) => e);
    expect(err.code).toBe(2);
    expect(lastError(err).code).toBe("last_admin");
    const unknown = await admin("set-role", "--email", "nobody@example.com", "--role", "viewer").catch((e) => e);
    expect(lastError(unknown).code).toBe("not_found");
  });

  it("creates a read-only token with an expiry", async () => {
    await admin("create-token", "--email", "root@example.com", "--name", "ro", "--scope", "read", "--expires-days", "30");
    const sqlite = new Database(path.join(dir, "cli.db"), { readonly: true });
    const row = sqlite.prepare("select scope, expiresAt from ApiToken where name = 'ro'").get() as {
      scope: string;
      expiresAt: number;
    };
    sqlite.close();
    expect(row.scope).toBe("read");
    const at = typeof row.expiresAt === "number" ? row.expiresAt : Date.parse(row.expiresAt);
    const days = (at - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(29.9);
    expect(days).toBeLessThanOrEqual(30);
    const bad = await admin("create-token", "--email", "root@example.com", "--name", "x", "--expires-days", "0").catch((e) => e);
    expect(lastError(bad).fields.expiresInDays).toBe("At least 1 day");
  });
});
