import { createUser, expect, signIn, test } from "./support/fixtures";

const viewer = { email: "viewer-deliveries@e2e.test", password: "viewer-password-3" };

test.beforeAll(() => createUser(viewer.email, viewer.password, "viewer"));

test("a viewer sees the deliveries but no New delivery, and the form's address says which role is missing", async ({ page }) => {
  await signIn(page, viewer.email, viewer.password);
  await page.goto("/deliveries");
  await expect(page.getByRole("heading", { level: 1, name: "Deliveries" })).toBeVisible();
  await expect(page.getByRole("link", { name: "New delivery" })).toHaveCount(0);

  // The production build hides a thrown error's message, so the page itself must name the role.
  await page.goto("/deliveries/new");
  await expect(page.getByRole("heading", { name: "Not allowed" })).toBeVisible();
  await expect(page.getByText("This needs the operator role.")).toBeVisible();
  await expect(page.getByLabel("Text")).toHaveCount(0);
});
