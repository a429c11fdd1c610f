import { screenshotPath } from "./support/screenshots";
import { E2E, expect, test } from "./support/fixtures";
import type { Locator, Page } from "@playwright/test";

// The home page counts what went through the connector of `npm start` and the SMSC simulator: MO pushed by the
// simulator and MT of a delivery with their receipts show in the totals, and the charts draw a line off zero.
const total = async (card: Locator, id: string) => Number((await card.getByTestId(id).textContent())!.replace(/,/g, ""));

async function pushMo(text: string) {
  const res = await fetch(`${E2E.smscControlUrl}/mo`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ from: "+33611223344", to: "36000", text, waitForBindMs: 30_000 }),
  });
  expect(res.status).toBe(200);
}

async function sendDelivery(page: Page, accountId: string, recipients: string[]): Promise<string> {
  const res = await page.request.post("/api/v1/deliveries", {
    headers: { origin: E2E.baseUrl },
    data: { accountId, text: "Home page chart e2e", recipients },
  });
  expect(res.status(), await res.text()).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

/** The y coordinates a Recharts line path goes through ("M x,y L x,y …"). */
const pathYs = (d: string) => [...d.matchAll(/[ML]\s*[-\d.]+[ ,]([-\d.]+)/g)].map((m) => Number(m[1]));

test("the home page shows per account the MT, MO and SR of the last 24 h as charts, from the simulator's traffic", async ({
  adminPage: page,
}) => {
  await page.getByRole("link", { name: "Traffic", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Traffic at a glance" })).toBeVisible();
  const card = page
    .getByTestId("traffic-account")
    .filter({ has: page.getByRole("link", { name: "Local simulator", exact: true }) });
  await expect(card.getByTestId("bind-state")).toContainText("bound", { timeout: 30_000 });
  const accountId = (await card.getByRole("link", { name: "Local simulator", exact: true }).getAttribute("href"))!
    .split("/")
    .pop()!;
  const before = {
    mt: await total(card, "total-mt"),
    mo: await total(card, "total-mo"),
    delivered: await total(card, "total-sr-delivered"),
  };

  const stamp = Date.now();
  for (let i = 0; i < 3; i++) await pushMo(`home chart ${stamp} ${i}`);
  const id = await sendDelivery(page, accountId, ["+447700900801", "+447700900802", "+447700900803", "+447700900804"]);
  await expect
    .poll(async () => ((await (await page.request.get(`/api/v1/deliveries/${id}`)).json()) as { delivered: number }).delivered, {
      timeout: 30_000,
    })
    .toBe(4);

  await page.reload();
  await expect(card.getByTestId("total-mo")).toHaveText(String(before.mo + 3));
  await expect(card.getByTestId("total-mt")).toHaveText(String(before.mt + 4));
  await expect(card.getByTestId("total-sr-delivered")).toHaveText(String(before.delivered + 4));

  // Two charts (messages, receipts), each with its two lines; the MO / MT lines leave the zero baseline.
  const charts = card.getByTestId("traffic-chart");
  await expect(charts).toHaveCount(2);
  const curves = charts.first().locator("path.recharts-line-curve");
  await expect(curves).toHaveCount(2);
  for (const d of await curves.evaluateAll((els) => els.map((e) => e.getAttribute("d") ?? ""))) {
    const ys = pathYs(d);
    expect(ys.length).toBeGreaterThan(100);
    expect(Math.min(...ys)).toBeLessThan(Math.max(...ys));
  }
  // The time axis reads hh:mm on the hour, every 3 hours (the other ticks are the count axis's integers).
  const labels = await charts.first().locator(".recharts-cartesian-axis-tick-value").allTextContents();
  const times = labels.filter((t) => !/^\d+$/.test(t));
  expect(times.length).toBeGreaterThanOrEqual(7);
  for (const t of times) expect(t).toMatch(/^([01]\d|2[0-3]):00$/);
  expect(new Set(times.map((t) => Number(t.slice(0, 2)) % 3))).toEqual(new Set([0]));
  await page.screenshot({ path: screenshotPath("home-traffic"), fullPage: true });
});
