import { createUser, expect, signIn, test } from "./support/fixtures";

const viewer = { email: "viewer@e2e.test", password: "viewer-password-1" };

test.beforeAll(() => createUser(viewer.email, viewer.password, "viewer"));

test("a viewer reads the accounts and their live state but gets no way to change or test them", async ({ page }) => {
  await signIn(page, viewer.email, viewer.password);
  await page.goto("/accounts");
  const row = page.getByTestId("account-row").filter({ hasText: "Local simulator" });
  await expect(row).toBeVisible();
  await expect(page.getByText("New account")).toHaveCount(0);
  await expect(row.getByRole("button")).toHaveCount(0);
  await expect(row.getByRole("link", { name: /Edit/ })).toHaveCount(0);

  await row.getByRole("link", { name: "Local simulator" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Local simulator" })).toBeVisible();
  await expect(page.getByRole("region", { name: "Live binds" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Test send" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Test connection" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: /Delete/ })).toHaveCount(0);

  const id = page.url().split("/").pop();
  await page.goto(`/accounts/${id}/edit`);
  await expect(page.getByRole("heading", { name: "Not allowed" })).toBeVisible();
  await expect(page.getByText("This needs the admin role")).toBeVisible();
});
