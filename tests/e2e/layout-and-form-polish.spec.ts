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

test("the accounts table fits its card at 1,024 and 1,440 px, and every row action is reached through its Actions menu", async ({
  adminPage: page,
}) => {
  // A long label, a long server name and a transmitter + receiver pair: the widest row the list can have.
  const label = "Layout check with a rather long label";
  const res = await page.request.post("/api/v1/accounts", {
    headers: { origin: E2E.baseUrl },
    data: {
      label,
      enabled: false,
      internalName: `layout_check_with_a_long_name_${Date.now()}`,
      connection: { host: "smpp.eu-west-1.layout-check.example.com", port: 2775, systemId: "x", mode: "transmitterReceiver" },
    },
  });
  expect(res.status(), await res.text()).toBe(201);
  const table = page.getByTestId("accounts-table");
  /** The table's width against its card's, and how far the page scrolls sideways. */
  const widths = () =>
    table.evaluate((t) => ({
      table: t.scrollWidth,
      card: t.parentElement!.clientWidth,
      page: document.documentElement.scrollWidth - window.innerWidth,
    }));
  const row = page.getByTestId("account-row").filter({ hasText: label });
  const toggle = row.getByRole("button", { name: `Actions for ${label}` });
  const menu = row.getByTestId("actions-menu");

  for (const width of [1024, 1440]) {
    await page.setViewportSize({ width, height: 800 });
    await page.goto("/accounts");
    await expect(row).toContainText("smpp.eu-west-1.layout-check.example.com:2775");
    const w = await widths();
    expect(w.table, `at ${width} px the table is ${w.table} px in a ${w.card} px card`).toBeLessThanOrEqual(w.card);
    expect(w.page).toBeLessThanOrEqual(0);
    await page.screenshot({ path: screenshotPath(`accounts-table-${width}`), fullPage: true });

    // By keyboard: Enter opens on the first action, ↓ moves, Escape closes and gives the focus back.
    await toggle.focus();
    await page.keyboard.press("Enter");
    await expect(toggle).toHaveAttribute("aria-expanded", "true");
    await expect(menu.getByRole("link", { name: `Edit ${label}` })).toBeFocused();
    await page.keyboard.press("ArrowDown");
    await expect(menu.getByRole("button", { name: `Duplicate ${label}` })).toBeFocused();
    // Nothing of the menu is clipped by the card or off the page's sides.
    await menu.scrollIntoViewIfNeeded();
    for (const name of [`Edit ${label}`, `Duplicate ${label}`, `Enable ${label}`, `Delete ${label}`])
      await expect(menu.getByRole(name.startsWith("Edit") ? "link" : "button", { name })).toBeInViewport({ ratio: 1 });
    await page.screenshot({ path: screenshotPath(`accounts-menu-open-${width}`), fullPage: true });
    await page.keyboard.press("Escape");
    await expect(menu).toHaveCount(0);
    await expect(toggle).toBeFocused();
    // A click outside closes it too.
    await toggle.click();
    await expect(menu).toBeVisible();
    await page.getByRole("heading", { level: 1, name: "SMS accounts" }).click();
    await expect(menu).toHaveCount(0);
  }

  // Duplicate from the menu makes the copy; Delete asks in the confirmation dialog (Escape cancels it, leaving the
  // menu open), then deletes.
  await toggle.click();
  await menu.getByRole("button", { name: `Duplicate ${label}` }).click();
  await expect(page).toHaveURL(/\/accounts\/[^/]+\/edit\?copy=1$/);
  await expect(page.getByLabel("Label")).toHaveValue(`${label} (copy)`);
  await page.goto("/accounts");
  for (const name of [`${label} (copy)`, label]) {
    const r = page.getByTestId("account-row").filter({ has: page.getByRole("link", { name, exact: true }) });
    await r.getByRole("button", { name: `Actions for ${name}`, exact: true }).click();
    await r.getByRole("button", { name: `Delete ${name}`, exact: true }).click();
    const ask = page.getByRole("dialog", { name: "Delete account" });
    await expect(ask).toContainText(`Delete the SMS account “${name}”`);
    await page.keyboard.press("Escape");
    await expect(ask).toHaveCount(0);
    await expect(r.getByTestId("actions-menu")).toBeVisible();
    await r.getByRole("button", { name: `Delete ${name}`, exact: true }).click();
    await ask.getByRole("button", { name: "Delete", exact: true }).click();
    await expect(page).toHaveURL(/\/accounts$/);
    await expect(r).toHaveCount(0);
  }

  // At 390 px the table keeps the label, the live state and the menu, and still fits.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto("/accounts");
  const w = await widths();
  expect(w.table).toBeLessThanOrEqual(w.card);
  expect(w.page).toBeLessThanOrEqual(0);
  const local = page.getByTestId("account-row").filter({ has: page.getByRole("link", { name: "Local simulator", exact: true }) });
  await local.getByRole("button", { name: "Actions for Local simulator", exact: true }).click();
  await local.getByTestId("actions-menu").scrollIntoViewIfNeeded();
  await expect(local.getByRole("button", { name: "Delete Local simulator", exact: true })).toBeInViewport({ ratio: 1 });
  await page.screenshot({ path: screenshotPath("accounts-menu-open-390"), fullPage: true });
});
