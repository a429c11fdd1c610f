import { screenshotPath } from "./support/screenshots";
import fs from "node:fs";
import { E2E, expect, test } from "./support/fixtures";

// An MO pushed by the SMSC simulator (its HTTP control endpoint) goes through the app's connector into the inSMS
// table and appears on an open Incoming SMS page without a reload; Export downloads a CSV that holds it.
async function pushMo(from: string, text: string) {
  const res = await fetch(`${E2E.smscControlUrl}/mo`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    // the seeded "Local simulator" account stores MO; wait for its receiver bind if the connector is still binding
    body: JSON.stringify({ from, to: "36000", text, waitForBindMs: 30_000 }),
  });
  const body = await res.json();
  expect(res.status, JSON.stringify(body)).toBe(200);
  expect(body.statusName).toMatch(/^ESME_ROK/);
}

test("an MO pushed through the simulator appears on the Incoming SMS page without reload, and Export downloads it", async ({
  adminPage: page,
}) => {
  await page.goto("/insms");
  await expect(page.getByRole("heading", { level: 1, name: "Incoming SMS" })).toBeVisible();
  await expect(page.getByTestId("live-badge")).toHaveText("Live");
  // A reload would lose this marker.
  await page.evaluate(() => ((window as unknown as { __noReload: boolean }).__noReload = true));

  const text = `Hello "console", e2e ${Date.now()}`;
  await pushMo("+33611223344", text);

  const row = page.getByTestId("insms-row").filter({ hasText: text });
  await expect(row).toBeVisible();
  await expect(row).toContainText("Local simulator");
  await expect(row).toContainText("36000");
  expect(await page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)).toBe(true);
  await page.screenshot({ path: screenshotPath("incoming-sms") });

  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Export CSV" }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^insms-\d{8}-\d{4}\.csv$/);
  const csv = fs.readFileSync((await file.path())!, "utf8");
  expect(csv.split("\n")[0]).toBe(
    "id,receivedAt,createdAt,account,origin,destination,message,dataCoding,providerId,keyword,action",
  );
  // the quotes inside the text are doubled by the CSV quoting
  expect(csv).toContain(`"${text.replace(/"/g, '""')}"`);
});

test("filters narrow the list and the export keeps them; an unmatched filter shows the empty state", async ({
  adminPage: page,
}) => {
  const stamp = Date.now();
  // SMSCs send source_addr as digits (the simulator drops the "+", TON international)
  await pushMo("+447700900123", `filter-me ${stamp}`);
  await pushMo("+447700900456", `other ${stamp}`);

  await page.goto("/insms");
  // typed the way people write it: the filter compares one normal form
  await page.getByLabel("Sender").fill("+44 7700 900123");
  await page.getByLabel("Text contains").fill(`filter-me ${stamp}`);
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/origin=%2B44\+7700\+900123/);
  await expect(page.getByTestId("insms-row")).toHaveCount(1);
  await expect(page.getByTestId("insms-row")).toContainText(`filter-me ${stamp}`);

  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Export CSV" }).click();
  const csv = fs
    .readFileSync((await (await download).path())!, "utf8")
    .trim()
    .split("\n");
  expect(csv).toHaveLength(2);
  expect(csv[1]).toContain(`filter-me ${stamp}`);

  await page.getByLabel("Text contains").fill(`nothing matches ${stamp}`);
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page.getByTestId("insms-empty")).toHaveText("No incoming SMS match these filters.");

  await page.goto("/insms?since=2026-13-45");
  await expect(page.locator("#since-error")).toBeVisible();
});

test("Next and Previous walk the keyset pages without repeating or skipping a message", async ({ adminPage: page }) => {
  const stamp = Date.now();
  for (let i = 0; i < 55; i++) await pushMo("+33700000001", `paging ${stamp} #${String(i).padStart(2, "0")}`);

  await page.goto(`/insms?q=${encodeURIComponent(`paging ${stamp}`)}`);
  const rows = page.getByTestId("insms-row");
  await expect(rows).toHaveCount(50);
  await expect(rows.first()).toContainText("#54");
  await expect(rows.last()).toContainText("#05");
  await expect(page.getByRole("button", { name: "← Previous" })).toBeDisabled();

  await page.getByRole("button", { name: "Next →" }).click();
  await expect(rows).toHaveCount(5);
  await expect(rows.first()).toContainText("#04");
  await expect(rows.last()).toContainText("#00");
  await expect(page.getByRole("button", { name: "Next →" })).toBeDisabled();

  await page.getByRole("button", { name: "← Previous" }).click();
  await expect(rows).toHaveCount(50);
  await expect(rows.first()).toContainText("#54");
});
