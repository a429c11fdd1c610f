import { expect, test } from "./support/fixtures";

test("an admin adds a user, changes its role, resets its password (the user chooses a new one), disables and deletes it", async ({
  adminPage: page,
  browser,
}) => {
  await page.getByRole("link", { name: "Users" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Users" })).toBeVisible();

  // Bad fields come back next to them; a good user is added as a viewer.
  const form = page.getByRole("form", { name: "New user" });
  await form.getByLabel("E-mail").fill("not-an-email");
  await form.getByLabel("First password").fill("short");
  await form.getByRole("button", { name: "Add user" }).click();
  await expect(form.getByText("Must be an e-mail address")).toBeVisible();
  await expect(form.getByText("At least 10 characters")).toBeVisible();
  await form.getByLabel("E-mail").fill("ops@e2e.test");
  await form.getByLabel("First password").fill("first-password-1");
  await form.getByLabel("Role").selectOption("viewer");
  await form.getByRole("button", { name: "Add user" }).click();
  await expect(page.getByTestId("create-user-result")).toContainText("ops@e2e.test can now sign in as viewer");
  const row = page.getByTestId("user-row").filter({ hasText: "ops@e2e.test" });
  await expect(row.getByTestId("user-state")).toContainText("active");

  await row.getByLabel("Role of ops@e2e.test").selectOption("operator");
  await expect(row.getByTestId("user-action-result")).toContainText("ops@e2e.test is now operator");

  // Reset: a one-time password, shown once with a copy button.
  await row.getByRole("button", { name: "Reset the password of ops@e2e.test" }).click();
  await page.getByRole("dialog", { name: "Reset password" }).getByRole("button", { name: "Reset password" }).click();
  const temporary = (await row.getByTestId("temporary-password").textContent())?.trim() ?? "";
  expect(temporary).toMatch(/^[A-Za-z0-9]{16}$/);
  await expect(row.getByRole("button", { name: "Copy the one-time password" })).toBeVisible();
  await expect(row.getByTestId("user-state")).toContainText("new password at next sign-in");

  // The user signs in with it and must choose a new password before any page.
  const other = await browser.newContext();
  const userPage = await other.newPage();
  await userPage.goto("/login");
  await userPage.getByLabel("E-mail").fill("ops@e2e.test");
  await userPage.getByLabel("Password").fill(temporary);
  await userPage.getByRole("button", { name: "Sign in" }).click();
  await expect(userPage).toHaveURL(/\/password$/);
  await userPage.goto("/accounts");
  await expect(userPage).toHaveURL(/\/password$/);
  await userPage.getByLabel("New password").fill("my-own-password");
  await userPage.getByLabel("Repeat it").fill("my-own-passwor");
  await userPage.getByRole("button", { name: "Set password" }).click();
  await expect(userPage.getByText("The two passwords differ")).toBeVisible();
  await userPage.getByLabel("New password").fill("my-own-password");
  await userPage.getByLabel("Repeat it").fill("my-own-password");
  await userPage.getByRole("button", { name: "Set password" }).click();
  await expect(userPage.getByTestId("current-user")).toHaveText("ops@e2e.test");
  await expect(userPage.getByText("role: operator")).toBeVisible();
  // Not an admin: no Users link, and the page itself says so.
  await expect(userPage.getByRole("link", { name: "Users" })).toHaveCount(0);
  await userPage.goto("/users");
  await expect(userPage.getByText("This needs the admin role")).toBeVisible();

  // Disabled: asked first; the user's session ends.
  await page.reload();
  await row.getByRole("button", { name: "Disable ops@e2e.test" }).click();
  await page.getByRole("dialog", { name: "Disable user" }).getByRole("button", { name: "Disable" }).click();
  await expect(row.getByTestId("user-state")).toContainText("disabled");
  await userPage.goto("/accounts");
  await expect(userPage).toHaveURL(/\/login/);
  await userPage.getByLabel("E-mail").fill("ops@e2e.test");
  await userPage.getByLabel("Password").fill("my-own-password");
  await userPage.getByRole("button", { name: "Sign in" }).click();
  await expect(userPage.getByText("This user is disabled: ask an admin to enable it")).toBeVisible();
  await other.close();

  // The last admin cannot be demoted; the others can be deleted after a confirmation.
  const me = page.getByTestId("user-row").filter({ hasText: "admin@e2e.test" });
  await me.getByLabel("Role of admin@e2e.test").selectOption("viewer");
  await expect(me.getByTestId("user-action-result")).toContainText("last active admin");
  await row.getByRole("button", { name: "Delete ops@e2e.test" }).click();
  await page.getByRole("dialog", { name: "Delete user" }).getByRole("button", { name: "Delete" }).click();
  await expect(page.getByTestId("user-row").filter({ hasText: "ops@e2e.test" })).toHaveCount(0);

  // Each action is in the audit log.
  await page.reload();
  const audit = page.getByTestId("user-audit-log");
  for (const action of [
    "user.create",
    "user.set-role",
    "user.reset-password",
    "user.set-password",
    "user.disable",
    "user.delete",
  ]) {
    await expect(audit).toContainText(action);
  }
  await expect(audit).not.toContainText(temporary);
});

test("an API token with an expiry and a read-only scope: copy button, last used shown, writes refused", async ({
  adminPage: page,
  request,
}) => {
  await page.getByRole("link", { name: "API tokens" }).click();
  await page.getByLabel("Token name").fill("e2e-readonly");
  await page.getByLabel("Expires").selectOption("30");
  await page.getByLabel("Scope").selectOption("read");
  await page.getByRole("button", { name: "Create token" }).click();
  const token = (await page.getByTestId("new-token").textContent())?.trim() ?? "";
  await expect(page.getByRole("button", { name: "Copy the token" })).toBeVisible();
  const row = page.getByTestId("token-row").filter({ hasText: "e2e-readonly" });
  await expect(row).toContainText("read-only");
  await expect(row.getByTestId("token-last-used")).toHaveText("never");

  const headers = { authorization: `Bearer ${token}` };
  expect((await request.get("/api/v1/accounts", { headers })).status()).toBe(200);
  const write = await request.post("/api/v1/quarantine", { headers, data: { number: "+33612345678" } });
  expect(write.status()).toBe(403);
  expect((await write.json()).error.code).toBe("read_only_token");

  await page.reload();
  await expect(row.getByTestId("token-last-used")).not.toHaveText("never");
});
