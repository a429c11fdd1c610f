import { E2E, expect, test } from "./support/fixtures";

type Received = { entries: { command: string; fields: Record<string, unknown> }[] };

// Issue 11: a delivery's sending options set in the form reach the wire (the simulator's PDU log); a bad TLV tag is an
// error under its field, and nothing is sent until it is fixed.
test("transmission mode, Service ID and a delivery TLV set in the form are on the submit_sm", async ({ adminPage: page }) => {
  const number = "+447700900777";
  await page.goto("/deliveries/new");
  await page.getByLabel("SMS account").selectOption({ label: "Local simulator" });
  await page.getByLabel("Text").fill("Flash from the e2e form");
  await page.getByLabel("Phone numbers").fill(number);
  await page.getByText("Sending options").click();
  await page.getByLabel("Transmission mode").selectOption({ label: "Flash" });
  await page.getByLabel("Service or program ID").fill("PROMO-1");
  await page.getByLabel("Maximum number of SMS per message").fill("0");
  await page.getByRole("button", { name: "Add optional parameter" }).click();
  await page.getByLabel("Tag of parameter 1").fill("0x0005");
  await page.getByLabel("Type of parameter 1").selectOption("integer");
  await page.getByLabel("Value of parameter 1").fill("9");
  await page.getByRole("button", { name: "Review" }).click();
  await expect(page.getByText("Vendor tags are 0x1400–0x3FFF (SMPP v3.4 §5.3.2)")).toBeVisible();
  await expect(page.getByText("Between 1 and 255")).toBeVisible();
  await expect(page).toHaveURL(/\/deliveries\/new$/);

  await page.getByLabel("Tag of parameter 1").fill("0x1401");
  await page.getByLabel("Maximum number of SMS per message").fill("");
  await page.getByRole("button", { name: "Review" }).click();
  await expect(page.getByTestId("review-valid")).toHaveText("1");
  await page.getByRole("button", { name: "Send" }).click();
  await expect(page).toHaveURL(/\/deliveries\/[a-z0-9]{20,}$/);
  await expect(page.getByTestId("delivery-status")).toHaveAttribute("data-status", "finished", { timeout: 30_000 });

  const res = await fetch(`${E2E.smscControlUrl}/received?command=submit_sm`);
  const { entries } = (await res.json()) as Received;
  const mine = entries.filter((e) => e.fields.destination_addr === number.slice(1));
  expect(mine).toHaveLength(1);
  // node-smpp decodes a vendor TLV under its numeric tag (the simulator shows its octets in hex).
  expect(mine[0].fields).toMatchObject({ dest_addr_subunit: 1, data_coding: 0x10, [String(0x1401)]: "09" });
});
