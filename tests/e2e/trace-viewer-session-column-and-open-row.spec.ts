import { expect, test } from "./support/fixtures";

test("the trace log says which session each PDU belongs to, and the open row stays on its PDU when the filter changes", async ({
  adminPage: page,
}) => {
  await page.goto("/accounts");
  await page.getByRole("button", { name: "Actions for Local simulator", exact: true }).click();
  await page.getByRole("link", { name: "Edit Local simulator" }).click();
  await page.getByLabel("Enable verbose SMPP traces in the log file").check();
  await page.getByRole("button", { name: "Save" }).click();
  // exact: the edit page's heading (Edit “Local simulator”) would match at once, and Test connection be clicked on the
  // form that the saved page then replaces.
  await expect(page.getByRole("heading", { level: 1, name: "Local simulator", exact: true })).toBeVisible();

  await page.getByTestId("test-connection").getByRole("button", { name: "Test connection" }).click();
  await expect(page.getByTestId("test-connection-result")).toContainText("Connection OK");
  const traces = page.getByRole("region", { name: "SMPP traces" });
  await traces.getByRole("button", { name: "Refresh" }).click();
  const rows = traces.getByTestId("trace-row");
  const testBind = rows
    .filter({ hasText: /bind_transceiver(?!_resp)/ })
    .filter({ hasText: "Test connection" })
    .first();
  await expect(testBind).toBeVisible();
  await expect(rows.filter({ hasText: "unbind" }).filter({ hasText: "Test connection" }).first()).toBeVisible();
  // The session header is there and every row of the test names its session.
  await expect(traces.getByRole("columnheader", { name: "Session" })).toBeVisible();

  // The test's bind is below its enquire_link and unbind in the newest-first list: open it, then filter.
  expect(await rows.first().textContent()).not.toMatch(/bind_transceiver(?!_resp)/);
  await testBind.click();
  await expect(testBind).toHaveAttribute("aria-expanded", "true");
  const openSequence = (await testBind.locator("td").nth(3).textContent()) ?? "";

  await traces.getByLabel("Command").selectOption("bind_transceiver");
  await expect(rows.filter({ hasText: "enquire_link" })).toHaveCount(0);
  const expanded = traces.locator('[data-testid=trace-row][aria-expanded="true"]');
  await expect(expanded).toHaveCount(1);
  await expect(expanded).toContainText("bind_transceiver");
  await expect(expanded).toContainText("Test connection");
  await expect(expanded.locator("td").nth(3)).toHaveText(openSequence);
  await expect(expanded.locator("td").nth(2)).toHaveText("bind_transceiver");
  await expect(traces).toContainText('"system_id": "simulator"');

  // Back to all commands: still the same PDU open.
  await traces.getByLabel("Command").selectOption("");
  await expect(rows.filter({ hasText: "enquire_link" }).first()).toBeVisible();
  await expect(expanded).toHaveCount(1);
  await expect(expanded.locator("td").nth(2)).toHaveText("bind_transceiver");
  await expect(expanded).toContainText("Test connection");
});
