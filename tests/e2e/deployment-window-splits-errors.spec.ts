import { E2E, expect, test } from "./support/fixtures";

// Issue 11: the deployment window splits Bounces + Errors by the account's error table. The simulator's receipt
// script fails one number softly once (retried a second later, then delivered) and rejects another (hard).
test("the deployment window shows hard / soft / retried and the top error codes", async ({ adminPage: page }) => {
  const flaky = "+447700900811";
  const rejected = "+447700900812";
  const script = {
    [flaky.slice(1)]: [{ stat: "UNDELIV", errorCode: 1 }],
    [rejected.slice(1)]: [{ stat: "REJECTD", errorCode: 2 }],
  };
  const set = await fetch(`${E2E.smscControlUrl}/faults`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ receipts: { script } }),
  });
  expect(set.status).toBe(200);

  await page.goto("/deliveries/new");
  await page.getByLabel("SMS account").selectOption({ label: "Local simulator" });
  await page.getByLabel("Text").fill("Errors split from the e2e run");
  await page.getByLabel("Phone numbers").fill(`${flaky}\n${rejected}`);
  await page.getByText("Sending options").click();
  await page.getByLabel("Retry period (seconds)").fill("1");
  await page.getByRole("button", { name: "Review" }).click();
  await page.getByRole("button", { name: "Send" }).click();
  await expect(page).toHaveURL(/\/deliveries\/[a-z0-9]{20,}$/);
  await expect(page.getByTestId("sending-options")).toHaveText(
    "Normal · SMSC's default validity · soft errors retried 3 × every 1 s",
  );

  const breakdown = page.getByTestId("error-breakdown");
  await expect(page.getByTestId("kpi-delivered")).toHaveText("1", { timeout: 30_000 });
  await expect(breakdown.getByTestId("errors-hard")).toHaveText("1");
  await expect(breakdown.getByTestId("errors-soft")).toHaveText("0");
  await expect(breakdown.getByTestId("errors-retried")).toHaveText("1");
  await expect(breakdown.getByTestId("top-errors")).toContainText("SR Simulator REJECTD 002");
  await expect(page.getByTestId("kpi-bounces")).toHaveText("1");
});
