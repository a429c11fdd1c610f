import { createUser, E2E, expect, signIn, test } from "./support/fixtures";
import { screenshotPath } from "./support/screenshots";

// Incoming SMS: a row opens the MO's detail with every field of its deliver_sm by name, the time in the browser's
// zone (Tokyo here, UTC+9 all year) with UTC on hover, and the way back opens the list on the filter and page it was.
const viewer = { email: "viewer-insms-detail@e2e.test", password: "viewer-password-3" };

test.use({ timezoneId: "Asia/Tokyo" });

async function pushMo(from: string, text: string, concat?: "udh") {
  const res = await fetch(`${E2E.smscControlUrl}/mo`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ from, to: "36000", text, concat, waitForBindMs: 30_000 }),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as { status: number; parts: number };
}

/** `2026-12-03 18:04:05` of a time shifted by `hours`, written as the page writes it. */
const clock = (iso: string, hours: number) =>
  new Date(Date.parse(iso) + hours * 3600_000).toISOString().slice(0, 19).replace("T", " ");

test("a viewer opens a row's detail with its PDU fields by name, and Back (link or browser) returns to the same filtered page", async ({
  page,
}) => {
  // Made here rather than in a beforeAll, which a worker restarted after a failure would run again on the same database.
  await createUser(viewer.email, viewer.password, "viewer");
  const stamp = `detail-${Date.now()}`;
  const long = `${stamp} a long message that the handset sent in two parts, joined again by the connector before it was stored. `;
  // The long MO first: 50 newer ones push it onto the list's second page.
  expect((await pushMo("+33611220000", `${long}${long}`.trim(), "udh")).parts).toBe(2);
  for (let i = 0; i < 49; i++) await pushMo("+33611220001", `${stamp} n°${i}`);
  await pushMo("+33611220002", `STOP ${stamp}`);

  await signIn(page, viewer.email, viewer.password);
  await page.goto(`/insms?q=${stamp}`);
  const rows = page.getByTestId("insms-row");
  await expect(rows).toHaveCount(50);
  // The table's times are in the browser's zone too, with UTC on hover.
  await expect(rows.first().locator("time")).toHaveText(/GMT\+9$/);
  await expect(rows.first().locator("time")).toHaveAttribute("title", /UTC$/);

  // A single MO whose keyword matched: opened by clicking its row (its message cell, not the link).
  await rows
    .filter({ hasText: `STOP ${stamp}` })
    .getByText(`STOP ${stamp}`)
    .click();
  await expect(page).toHaveURL(new RegExp(`/insms/\\d+\\?q=${stamp}$`));
  const field = (name: string) => page.getByTestId(`insms-detail-${name}`);
  await expect(page.getByTestId("insms-detail-message")).toHaveText(`STOP ${stamp}`);
  await expect(field("origin")).toHaveText("33611220002");
  await expect(field("sourceTon")).toHaveText("1 international");
  await expect(field("sourceNpi")).toHaveText("1 ISDN (E.163/E.164)");
  await expect(field("destination")).toHaveText("36000");
  await expect(field("destTon")).toHaveText("3 network specific");
  await expect(field("destNpi")).toHaveText("0 unknown");
  await expect(field("dataCoding")).toHaveText("0 SMSC default alphabet (GSM 03.38)");
  await expect(field("esmClass")).toHaveText("0x00 normal message");
  await expect(field("parts")).toHaveText("1 (a single SMS)");
  await expect(field("providerId")).toHaveText("none given by the SMSC");
  await expect(field("bind")).toHaveText("transceiver, connection 1");
  await expect(field("keyword")).toHaveText("STOP");
  await expect(field("action")).toHaveText(/^quarantine: /);
  // The same MO through the API (the page's session reads it as the viewer): the times and the account agree.
  const id = page.url().match(/\/insms\/(\d+)/)![1];
  const api = await page.request.get(`/api/v1/insms/${id}`);
  expect(api.status()).toBe(200);
  const sms = (await api.json()) as { receivedAt: string; account: { label: string } };
  await expect(field("account")).toContainText(sms.account.label);
  const received = field("receivedAt").locator("time");
  await expect(received).toHaveText(`${clock(sms.receivedAt, 9)} GMT+9`);
  await expect(received).toHaveAttribute("title", `${clock(sms.receivedAt, 0)} UTC`);

  await page.getByTestId("insms-back").click();
  await expect(page).toHaveURL(new RegExp(`/insms\\?q=${stamp}$`));
  await expect(page.getByLabel("Text contains")).toHaveValue(stamp);
  await expect(rows).toHaveCount(50);

  // The long MO on the second page: the detail's Back link and the browser's Back both reopen that page.
  await page.getByRole("button", { name: "Next →" }).click();
  await expect(rows).toHaveCount(1);
  await expect(page).toHaveURL(new RegExp(`q=${stamp}.*cursor=`));
  const secondPage = page.url();
  await rows.first().getByText(stamp).click();
  await expect(page).toHaveURL(new RegExp(`/insms/\\d+\\?q=${stamp}&cursor=`));
  await expect(field("parts")).toHaveText("2 (a concatenated MO, joined)");
  await expect(field("esmClass")).toHaveText("0x40 normal message, UDH indicator");
  await expect(field("keyword")).toHaveText("no automatic reply matched");
  await page.screenshot({ path: screenshotPath("insms-detail"), fullPage: true });

  await page.getByTestId("insms-back").click();
  await expect(page).toHaveURL(secondPage);
  await expect(rows).toHaveCount(1);
  await expect(rows).toContainText(`${stamp} a long message`);

  await rows.first().getByRole("link").click();
  await expect(field("parts")).toHaveText("2 (a concatenated MO, joined)");
  await page.goBack();
  await expect(page).toHaveURL(secondPage);
  await expect(rows).toHaveCount(1);
  await expect(rows).toContainText(`${stamp} a long message`);
  await expect(page.getByLabel("Text contains")).toHaveValue(stamp);
});

test("an unknown or malformed id is a clear 404 page", async ({ adminPage: page }) => {
  for (const id of ["2147483000", "not-a-number"]) {
    const res = await page.goto(`/insms/${id}`);
    expect(res?.status()).toBe(404);
    await expect(page.getByRole("heading", { level: 1, name: "Incoming SMS not found" })).toBeVisible();
    await expect(page.getByRole("link", { name: "Back to Incoming SMS" })).toBeVisible();
  }
});
