import fs from "node:fs";
import { screenshotPath } from "./support/screenshots";
import { E2E } from "./support/env";
import { expect, test } from "./support/fixtures";

const control = (route: string, body?: unknown) =>
  fetch(`${E2E.smscControlUrl}${route}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body ?? {}),
  });

// npm start runs the connector as its own OS process; the page (served by the web process) shows what that process
// published in the database: its node id names it, and a refused re-bind reaches the page within the poll.
test("the account page shows the bind states the connector process publishes, a refused re-bind included", async ({
  adminPage: page,
}) => {
  await page.goto("/accounts");
  await page.getByRole("link", { name: "Local simulator", exact: true }).click();
  await expect(page.getByTestId("account-state")).toHaveText("bound");
  await expect(page.getByTestId("bind-row")).toHaveCount(1);
  await expect(page.getByTestId("bind-row")).toContainText("bound");

  // "host:pid:start": the pid is the connector process's, not the web server's.
  const node = (await page.getByTestId("status-node").textContent())!.replace("Published by connector ", "").trim();
  const pid = Number(node.split(":")[1]);
  expect(pid).toBeGreaterThan(0);
  expect(fs.readFileSync(`/proc/${pid}/cmdline`, "utf8")).toContain("scripts/connector.ts");

  try {
    expect((await control("/faults", { rejectBinds: true })).status).toBe(200);
    expect((await control("/drop")).status).toBe(200);
    await expect(page.getByTestId("bind-row")).toContainText("ESME_RBINDFAIL", { timeout: 20_000 });
    await expect(page.getByTestId("account-state")).not.toHaveText("bound");
  } finally {
    await control("/faults", { rejectBinds: false });
  }
  await expect(page.getByTestId("account-state")).toHaveText("bound", { timeout: 20_000 });
  await expect(page.getByTestId("status-stale")).toHaveCount(0);

  // The drop and the refusals are in the bind history, and a connection that lasted minutes is a warning.
  await page.reload();
  const history = page.getByRole("table", { name: "Bind history" });
  await expect(history.getByTestId("bind-event").filter({ hasText: "dropped" }).first()).toBeVisible();
  await expect(history.getByTestId("bind-event").filter({ hasText: "ESME_RBINDFAIL" }).first()).toContainText("refused");
  await expect(page.getByTestId("warning-shortConnection")).toContainText("lasted less than an hour");
  await page.screenshot({ path: screenshotPath("account-bind-history"), fullPage: true });
});
