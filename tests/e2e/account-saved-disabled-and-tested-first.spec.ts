import { E2E } from "./support/env";
import { expect, test } from "./support/fixtures";

test("a new account is tested before it is saved, is saved disabled, and enabling it after a failed test asks first", async ({
  adminPage: page,
}) => {
  await page.goto("/accounts/new?preset=generic");
  await page.getByLabel("Label").fill("Tested first");
  await page.getByLabel("Server", { exact: true }).fill("127.0.0.1");
  await page.getByLabel("Port", { exact: true }).fill(String(E2E.smscPort));
  await page.getByLabel("Account", { exact: true }).fill("simulator");
  await page.getByLabel("Password", { exact: true }).fill("notthis1");

  // Test connection runs on the form's values, before any save.
  const panel = page.getByTestId("test-connection");
  await expect(panel).toContainText("the settings of this form (not saved yet)");
  await panel.getByRole("button", { name: "Test connection" }).click();
  await expect(page.getByTestId("test-connection-result")).toContainText("Connection failed");
  await expect(panel.locator("[data-testid=connection-step][data-step=bind]")).toHaveAttribute("data-ok", "false");
  await page.getByLabel("Password", { exact: true }).fill("secret");
  await panel.getByRole("button", { name: "Test connection" }).click();
  await expect(page.getByTestId("test-connection-result")).toContainText("Connection OK");

  // Saved disabled, with the wrong password kept on purpose so that its page's Test connection fails.
  await page.getByLabel("Password", { exact: true }).fill("wrong123");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Tested first" })).toBeVisible();
  await expect(page.getByTestId("account-enabled")).toHaveText("Disabled");

  await page.getByTestId("test-connection").getByRole("button", { name: "Test connection" }).click();
  await expect(page.getByTestId("test-connection-result")).toContainText("Connection failed");
  await page.reload();
  await expect(page.getByTestId("audit-log")).toContainText("test-connection");
  await expect(page.getByTestId("audit-log")).toContainText("result: — → failed at bind");

  // Enabling now asks, naming the failure; cancelling keeps it disabled.
  await page.getByRole("button", { name: "Enable Tested first" }).click();
  const ask = page.getByRole("dialog", { name: "The last Test connection failed" });
  await expect(ask).toContainText("failed at bind");
  await ask.getByRole("button", { name: "Cancel" }).click();
  await expect(page.getByTestId("account-enabled")).toHaveText("Disabled");
  await page.getByRole("button", { name: "Enable Tested first" }).click();
  await ask.getByRole("button", { name: "Enable anyway" }).click();
  await expect(page.getByTestId("account-enabled")).toHaveText("Enabled");

  // Disabling asks too; then it is deleted so that no other spec meets its binds.
  await page.getByRole("button", { name: "Disable Tested first" }).click();
  await page.getByRole("dialog", { name: "Disable account" }).getByRole("button", { name: "Disable" }).click();
  await expect(page.getByTestId("account-enabled")).toHaveText("Disabled");
  await page.getByRole("button", { name: "Delete Tested first" }).click();
  await page.getByRole("dialog", { name: "Delete account" }).getByRole("button", { name: "Delete" }).click();
  await expect(page).toHaveURL(/\/accounts$/);
});
