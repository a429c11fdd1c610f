import { screenshotPath } from "./support/screenshots";
import { E2E } from "./support/env";
import { expect, test } from "./support/fixtures";

// Issue 11: the unmatched receipts page names the bind each receipt came on (here the seeded account's one
// transceiver, held by the connector process).
test("an SR that matches no MT is listed on /receipts with the bind that received it", async ({ adminPage: page }) => {
  const messageId = `E2E${Date.now().toString(16).toUpperCase()}`;
  const res = await fetch(`${E2E.smscControlUrl}/receipt`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ messageId, stat: "DELIVRD", systemId: "simulator" }),
  });
  expect(await res.json()).toMatchObject({ status: 0 });

  await page.setViewportSize({ width: 1024, height: 800 });
  await page.goto("/receipts");
  const row = page.getByTestId("unmatched-row").filter({ hasText: messageId });
  await expect(row.getByTestId("unmatched-bind")).toContainText("transceiver 1");
  // The connector node's id (host:pid:…) under it.
  await expect(row.getByTestId("unmatched-bind")).toContainText(/:\d+:/);
  await page.screenshot({ path: screenshotPath("receipts-1024"), fullPage: true });
});
