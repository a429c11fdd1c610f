import { randomUUID } from "node:crypto";
import path from "node:path";
import bcrypt from "bcryptjs";
import Database from "better-sqlite3";
import { E2E, expect, signIn, test } from "./support/fixtures";

const viewer = { email: "viewer-insms@e2e.test", password: "viewer-password-2" };

test.beforeAll(async () => {
  // Written directly into the e2e database (the admin CLI's migrate step would wait on the running app's lock).
  const db = new Database(path.join(E2E.dataDir, "app.db"));
  db.pragma("busy_timeout = 5000");
  db.prepare("INSERT OR IGNORE INTO User (id, email, passwordHash, role, createdAt) VALUES (?, ?, ?, 'viewer', ?)").run(
    `e2e${randomUUID().replace(/-/g, "").slice(0, 20)}`,
    viewer.email,
    await bcrypt.hash(viewer.password, 10),
    new Date().toISOString().replace("Z", "+00:00"),
  );
  db.close();
});

test("a viewer reads Incoming SMS (live) and the quarantine but gets no way to change the quarantine", async ({ page }) => {
  await signIn(page, viewer.email, viewer.password);
  await page.goto("/insms");
  await expect(page.getByRole("heading", { level: 1, name: "Incoming SMS" })).toBeVisible();
  await expect(page.getByTestId("live-badge")).toHaveText("Live");
  await expect(page.getByRole("link", { name: "Export CSV" })).toBeVisible();

  await page.goto("/quarantine");
  await expect(page.getByRole("heading", { level: 1, name: "Quarantine" })).toBeVisible();
  await expect(page.getByRole("form", { name: "Add to quarantine" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Remove" })).toHaveCount(0);
  await expect(page.getByText("operators and admins change it")).toBeVisible();
});
