import { screenshotPath } from "./support/screenshots";
import { E2E } from "./support/env";
import { expect, test } from "./support/fixtures";

// Issue 13, personalisation: the CSV's columns are offered to insert into the text, a typo is refused next to the
// field, the review shows the first three messages as they will be sent (each with its own encoding and parts), and
// the simulator receives each recipient's own text.
const CSV = [
  "mobile;firstName;city",
  "+447700901001;Ann;London",
  "+447700901002;Łucja;Kraków",
  "+447700901003;Bob;Leeds",
  "+447700901004;Eve;York",
].join("\n");

test("Hello {firstName}: columns to insert, a typo refused, three messages previewed, each recipient its own text", async ({
  adminPage: page,
}) => {
  await page.goto("/deliveries/new");
  await page.getByLabel("SMS account").selectOption({ label: "Local simulator" });
  await page.getByLabel("Upload a CSV file").check();
  await page
    .getByLabel("CSV file", { exact: true })
    .setInputFiles({ name: "people.csv", mimeType: "text/csv", buffer: Buffer.from(CSV) });
  await expect(page.getByLabel("Phone column")).toHaveValue("mobile");

  // A placeholder the header lacks is said next to the text, with the column it may have meant.
  const text = page.getByLabel("Text");
  await text.fill("Hi {firstname}");
  await expect(page.getByText("No CSV column for {firstname} (did you mean {firstName}?)")).toBeVisible();

  // The column buttons put the placeholder at the cursor.
  await text.fill("Hello , see you in ");
  await text.evaluate((el: HTMLTextAreaElement) => el.setSelectionRange(6, 6));
  const columns = page.getByTestId("personalisation-columns");
  await columns.getByRole("button", { name: "{firstName}" }).click();
  await text.press("End");
  await columns.getByRole("button", { name: "{city}" }).click();
  await expect(text).toHaveValue("Hello {firstName}, see you in {city}");
  await expect(page.getByTestId("message-counter")).toContainText("Personalised");
  await expect(page.getByText(/No CSV column/)).toHaveCount(0);

  await page.getByRole("button", { name: "Review" }).click();
  const samples = page.getByTestId("review-sample");
  await expect(samples).toHaveCount(3);
  await expect(samples.getByTestId("review-sample-text")).toHaveText([
    "Hello Ann, see you in London",
    "Hello Łucja, see you in Kraków",
    "Hello Bob, see you in Leeds",
  ]);
  await expect(samples.nth(0).getByTestId("review-sample-count")).toContainText("GSM 03.38");
  await expect(samples.nth(1).getByTestId("review-sample-count")).toContainText("UCS-2");
  await expect(page.getByTestId("review-message")).toContainText("Personalised: each message counted · 4 SMS in all");
  await page.screenshot({ path: screenshotPath("delivery-personalised-review"), fullPage: true });

  const since = ((await (await fetch(`${E2E.smscControlUrl}/stats`)).json()) as { received: number }).received;
  await page.getByRole("button", { name: "Send" }).click();
  await expect(page).toHaveURL(/\/deliveries\/[a-z0-9]{20,}$/);
  await expect(page.getByTestId("delivery-status")).toHaveAttribute("data-status", "finished", { timeout: 40_000 });
  await expect(page.getByTestId("kpi-sent")).toHaveText("4");
  const got = (await (await fetch(`${E2E.smscControlUrl}/received?since=${since}&command=submit_sm`)).json()) as {
    entries: { fields: { destination_addr: string; short_message?: { message?: string } } }[];
  };
  const byNumber = Object.fromEntries(got.entries.map((e) => [e.fields.destination_addr, e.fields.short_message?.message]));
  expect(byNumber).toMatchObject({
    "447700901001": "Hello Ann, see you in London",
    "447700901002": "Hello Łucja, see you in Kraków",
    "447700901004": "Hello Eve, see you in York",
  });
});
