import { createUser, expect, signIn, test } from "./support/fixtures";

const viewer = { email: "viewer-insms@e2e.test", password: "viewer-password-2" };

test.beforeAll(() => createUser(viewer.email, viewer.password, "viewer"));

test("a viewer reads Incoming SMS (live) and the quarantine but gets no way to change the quarantine", async ({ page }) => {
  await signIn(page, viewer.email, viewer.password);
  await page.goto("/insms");
  await expect(page.getByRole("heading", { level: 1, name: "Incoming SMS" })).toBeVisible();
  await expect(page.getByTestId("live-badge")).toHaveText("Live");
  await expect(page.getByRole("link", { name: "Export CSV" })).toBeVisible();

  await page.goto("/quarantine");
  await expect(page.getByRole("heading", { level: 1, name: "Quarantine" })).toBeVisible();
  await expect(page.getByRole("form", { name: "Add to quarantine" })).toHaveCount(0);
  await expect(page.getByRole("form", { name: "Import a CSV" })).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Export CSV" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Remove" })).toHaveCount(0);
  await expect(page.getByText("operators and admins change it")).toBeVisible();
});
