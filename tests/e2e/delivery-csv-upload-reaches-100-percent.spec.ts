import { screenshotPath } from "./support/screenshots";
import { expect, test } from "./support/fixtures";

// 300 valid numbers, one invalid and one duplicate, in a CSV whose phone column is not the first one.
function csv(): string {
  const rows = ["name,mobile,city"];
  for (let i = 0; i < 300; i++) rows.push(`Person ${i},+44 7700 ${String(900000 + i)},London`);
  rows.push("Broken,12ab,Nowhere");
  rows.push("Twin,+447700900000,London");
  return rows.join("\n") + "\n";
}

test("a CSV uploaded in the page is sent to 100 % and the page's KPIs match the API", async ({ adminPage: page, request }) => {
  await page.getByRole("link", { name: "Deliveries" }).click();
  await page.getByRole("link", { name: "New delivery" }).click();
  await page.getByLabel("SMS account").selectOption({ label: "Local simulator" });
  await page.getByLabel("Text").fill("Hello from the e2e delivery €");
  await expect(page.getByTestId("message-counter")).toContainText("GSM 03.38 · 30 characters · 1 SMS");

  await page.getByLabel("Upload a CSV file").check();
  await page
    .getByLabel("CSV file", { exact: true })
    .setInputFiles({ name: "people.csv", mimeType: "text/csv", buffer: Buffer.from(csv()) });
  // The phone column is guessed by its name.
  await expect(page.getByLabel("Phone column")).toHaveValue("mobile");
  await page.screenshot({ path: screenshotPath("delivery-new"), fullPage: true });
  // The first two progress polls fail as on a network blip: the page says so and keeps polling.
  let failed = 0;
  await page.route(/\/api\/v1\/deliveries\/[a-z0-9]{20,}$/, (route) =>
    route.request().method() === "GET" && failed++ < 2 ? route.abort("internetdisconnected") : route.continue(),
  );
  await page.getByRole("button", { name: "Review" }).click();
  await expect(page.getByTestId("review-valid")).toHaveText("300");
  await expect(page.getByTestId("review-invalid")).toHaveText("1");
  await expect(page.getByTestId("review-duplicates")).toHaveText("1");
  await page.getByRole("button", { name: "Send" }).click();

  await expect(page).toHaveURL(/\/deliveries\/[a-z0-9]{20,}$/);
  const id = page.url().split("/").pop()!;
  await expect(page.getByText(/Progress not refreshed: Could not reach the server/)).toBeVisible();
  await expect(page.getByTestId("progress-percent")).toHaveText("100 %", { timeout: 60_000 });
  await expect(page.getByTestId("delivery-status")).toHaveAttribute("data-status", "finished");
  await expect(page.getByTestId("kpi-processed")).toHaveText("302");
  await expect(page.getByTestId("kpi-sent")).toHaveText("300");
  await expect(page.getByTestId("kpi-skipped")).toHaveText("2");
  await expect(page.getByTestId("kpi-bounces")).toHaveText("0");
  // Receipts come about a second after each submit_sm_resp.
  await expect(page.getByTestId("kpi-delivered")).toHaveText("300", { timeout: 30_000 });
  expect(failed).toBeGreaterThanOrEqual(2);
  await expect(page.getByText(/Progress not refreshed/)).toHaveCount(0);

  // The skip reasons are listed with their CSV line.
  await page.getByRole("tab", { name: /Skipped/ }).click();
  const skipped = page.getByTestId("issues-skipped");
  await expect(skipped).toContainText("Invalid number");
  await expect(skipped).toContainText("Duplicate");
  await page.screenshot({ path: screenshotPath("delivery-progress"), fullPage: true });

  // The same figures from the API (the page's session cookie authenticates the request).
  const cookies = await page.context().cookies();
  const res = await request.get(`/api/v1/deliveries/${id}`, {
    headers: { cookie: cookies.map((c) => `${c.name}=${c.value}`).join("; ") },
  });
  expect(res.status()).toBe(200);
  expect(await res.json()).toMatchObject({
    status: "finished",
    total: 302,
    processed: 302,
    sent: 300,
    delivered: 300,
    bouncesAndErrors: 0,
    skipped: 2,
  });
});
