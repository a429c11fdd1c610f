import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";

// `npm start` and `npm run admin` prepare the database through scripts/prepare-db.ts, under the usual umask 022.
const run = promisify(execFile);
const root = fs.mkdtempSync(path.join(os.tmpdir(), "sms-perm-"));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

const mode = (p: string) => fs.statSync(p).mode & 0o777;
const prepare = (data: string) =>
  run("sh", ["-c", "umask 022 && npx tsx scripts/prepare-db.ts"], {
    cwd: process.cwd(),
    env: { ...process.env, DATABASE_URL: `file:${path.join(data, "app.db")}`, DATA_DIR: data },
  });

describe("the data folder", () => {
  it("is created 0700 with app.db and its WAL files 0600, and an existing app.db readable by others is made 0600", async () => {
    const data = path.join(root, "fresh", "data");
    await prepare(data);
    expect(mode(data).toString(8)).toBe("700");
    for (const f of fs.readdirSync(data).filter((n) => n.startsWith("app.db"))) {
      expect([f, mode(path.join(data, f)).toString(8)]).toEqual([f, "600"]);
    }
    expect(fs.existsSync(path.join(data, "app.db"))).toBe(true);
    // A database file left readable by others (by an older version) is made owner-only at the next start.
    fs.chmodSync(path.join(data, "app.db"), 0o644);
    await prepare(data);
    expect(mode(path.join(data, "app.db")).toString(8)).toBe("600");
  });
});
