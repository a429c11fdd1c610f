import { screenshotPath } from "./support/screenshots";
import { E2E, expect, test } from "./support/fixtures";

// Everyday polish of issue 13: leaving a form with unsaved changes asks first, a disabled account's live panel has no
// 1970 date, the sidebar folds into a Menu button below 768 px; pages looked at on a 1,024 px laptop and a 390 px phone.

test("leaving the account form with unsaved changes asks first; Cancel stays, Leave goes", async ({ adminPage: page }) => {
  await page.goto("/accounts/new?preset=generic");
  await page.getByLabel("Label").fill("Not saved yet");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "SMS accounts" }).click();
  const dialog = page.getByTestId("confirm-dialog");
  await expect(dialog).toContainText("Leave without saving?");
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page).toHaveURL(/\/accounts\/new/);
  await expect(page.getByLabel("Label")).toHaveValue("Not saved yet");

  // The form's own Cancel is a link away too.
  await page.getByRole("link", { name: "Cancel" }).click();
  await dialog.getByRole("button", { name: "Leave without saving" }).click();
  await expect(page).toHaveURL(/\/accounts$/);
  await expect(page.getByRole("heading", { level: 1, name: "SMS accounts" })).toBeVisible();

  // An untouched form leaves without a question.
  await page.goto("/accounts/new?preset=generic");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Deliveries" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Deliveries" })).toBeVisible();
});

test("closing the tab with unsaved changes gets the browser's leave prompt", async ({ adminPage: page }) => {
  await page.goto("/accounts/new?preset=generic");
  await page.getByLabel("Label").fill("Not saved either");
  const prompt = page.waitForEvent("dialog");
  await page.close({ runBeforeUnload: true });
  const d = await prompt;
  expect(d.type()).toBe("beforeunload");
  await d.accept();
});

test("a disabled account's live panel says disabled, with no 1970 date", async ({ adminPage: page }) => {
  const res = await page.request.post("/api/v1/accounts", {
    headers: { origin: E2E.baseUrl },
    data: {
      label: "Disabled one",
      enabled: false,
      internalName: `disabled_${Date.now()}`,
      connection: { host: "127.0.0.1", port: E2E.smscPort, systemId: "simulator" },
    },
  });
  expect(res.status(), await res.text()).toBe(201);
  const { id } = (await res.json()) as { id: string };
  await page.goto(`/accounts/${id}`);
  await expect(page.getByTestId("account-enabled")).toHaveText("Disabled");
  const panel = page.getByTestId("live-status");
  await expect(panel.getByTestId("account-state")).toHaveText("disabled");
  await expect(panel).not.toContainText("1970");
  await expect(panel).not.toContainText("since");
});

test("at 390 px the sidebar is a Menu button and the pages fit; at 1,024 px it is a column", async ({ adminPage: page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1, name: "Traffic at a glance" })).toBeVisible();
  const nav = page.getByRole("navigation", { name: "Main" });
  await expect(nav).toBeHidden();
  const noSideScroll = () => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
  expect(await noSideScroll()).toBe(true);
  await page.screenshot({ path: screenshotPath("home-390"), fullPage: true });

  const menu = page.getByRole("button", { name: "Menu" });
  await menu.click();
  await expect(nav).toBeVisible();
  await page.screenshot({ path: screenshotPath("menu-open-390") });
  await nav.getByRole("link", { name: "SMS accounts" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "SMS accounts" })).toBeVisible();
  // Navigating closes the menu.
  await expect(nav).toBeHidden();
  expect(await noSideScroll()).toBe(true);
  await page.screenshot({ path: screenshotPath("accounts-390"), fullPage: true });
  await page.goto("/insms");
  expect(await noSideScroll()).toBe(true);
  await page.screenshot({ path: screenshotPath("insms-390"), fullPage: true });

  await page.setViewportSize({ width: 1024, height: 768 });
  await page.goto("/");
  await expect(nav).toBeVisible();
  await expect(page.getByRole("button", { name: "Menu" })).toBeHidden();
  expect(await noSideScroll()).toBe(true);
  await page.screenshot({ path: screenshotPath("home-1024"), fullPage: true });
  await page.goto("/accounts");
  expect(await noSideScroll()).toBe(true);
  await page.screenshot({ path: screenshotPath("accounts-1024"), fullPage: true });
});
