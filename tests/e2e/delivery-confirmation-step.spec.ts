import { screenshotPath } from "./support/screenshots";
import { expect, test } from "./support/fixtures";

// Issue 13: "Review" shows what the delivery will find (valid / invalid / duplicate / quarantined, parts and
// encoding, estimated duration) without creating it; "Send" then creates it, named, with a scheduled start it waits
// for before the simulator receives it.
test.use({ timezoneId: "UTC" });

test("the confirmation step counts the recipients, then Send creates a named delivery that starts when scheduled", async ({
  adminPage: page,
}) => {
  const cookie = async () => (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
  const headers = async () => ({ cookie: await cookie(), origin: new URL(page.url()).origin });
  const q = await page.request.post("/api/v1/quarantine", {
    headers: await headers(),
    data: { number: "+447700900444", reason: "STOP received" },
  });
  expect(q.status()).toBeLessThan(300);

  await page.goto("/deliveries/new");
  const name = `Winter sale ${Date.now()}`;
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("SMS account").selectOption({ label: "Local simulator" });
  await page.getByLabel("Text").fill("Winter sale: -30 % this week");
  await page.getByLabel("Phone numbers").fill("+447700900441\n+44 7700 900441\n12ab\n+447700900444\n+447700900442");
  // Seconds ahead, in the page's time zone (UTC here).
  const start = new Date(Date.now() + 8000);
  await page.getByLabel("Scheduled start").fill(start.toISOString().slice(0, 19));
  await page.getByRole("button", { name: "Review" }).click();

  const review = page.getByTestId("delivery-review");
  await expect(review).toBeVisible();
  await expect(page.getByTestId("review-valid")).toHaveText("2");
  await expect(page.getByTestId("review-invalid")).toHaveText("1");
  await expect(page.getByTestId("review-duplicates")).toHaveText("1");
  await expect(page.getByTestId("review-quarantined")).toHaveText("1");
  await expect(page.getByTestId("review-message")).toContainText("GSM 03.38 · 1 SMS per message · 2 SMS in all");
  await expect(page.getByTestId("review-duration")).toContainText(/starting/);
  // The fields are locked while the review is shown, and nothing is created yet.
  await expect(page.getByLabel("Text")).toBeDisabled();
  const listed = await page.request.get("/api/v1/deliveries", { headers: await headers() });
  expect(JSON.stringify(await listed.json())).not.toContain(name);
  await page.screenshot({ path: screenshotPath("delivery-review"), fullPage: true });

  await page.getByRole("button", { name: "Send" }).click();
  await expect(page).toHaveURL(/\/deliveries\/[a-z0-9]{20,}$/);
  await expect(page.getByTestId("delivery-name")).toHaveText(name);
  await expect(page.getByTestId("delivery-status")).toHaveAttribute("data-status", "scheduled", { timeout: 15_000 });
  await expect(page.getByTestId("delivery-times")).toContainText("Scheduled for");
  await expect(page.getByTestId("delivery-status")).toHaveAttribute("data-status", "finished", { timeout: 40_000 });
  await expect(page.getByTestId("kpi-sent")).toHaveText("2");
  await expect(page.getByTestId("delivery-times")).toContainText("took");
  const id = page.url().split("/").pop()!;
  const p = await (await page.request.get(`/api/v1/deliveries/${id}`, { headers: await headers() })).json();
  expect(Date.parse(p.startedAt)).toBeGreaterThanOrEqual(Math.floor(start.getTime() / 1000) * 1000);

  // The skipped list as CSV, from the page's link.
  await page.getByRole("tab", { name: /Skipped/ }).click();
  const download = page.waitForEvent("download");
  await page.getByTestId("export-csv").click();
  const file = await (await download).path();
  const text = (await import("node:fs")).readFileSync(file, "utf8");
  expect(text).toContain("number,line,state,reason,errorCode,possiblyDuplicated");
  expect(text).toContain("Quarantined: STOP received");
});
