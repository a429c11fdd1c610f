import { expect, test } from "./support/fixtures";

test("an admin edits the TLV table and the error table: bad values are refused next to the cell, good rows are saved", async ({
  adminPage: page,
}) => {
  await page.goto("/accounts/new?preset=8x8");
  await page.getByLabel("Label").fill("E2E error table");
  // A new account is saved disabled (no Enabled box on a new form), so this 8x8 preset never binds to a real host.
  await expect(page.getByText("Saved disabled.")).toBeVisible();
  await page.getByLabel("Server", { exact: true }).fill("127.0.0.1");
  await page.getByLabel("Account", { exact: true }).fill("e2e_tlv");

  // The 8x8 preset filled its error codes; code 15 is a hard error.
  const table = page.getByTestId("error-table");
  await expect(page.getByLabel("Pattern of error 15", { exact: true })).toHaveValue("SR * * 015");
  await expect(page.getByLabel("Type of error 15", { exact: true })).toHaveValue("hard");
  await expect(page.getByLabel("Reason of error 15", { exact: true })).toHaveValue("8x8 15: Invalid destination");

  // Optional TLVs: a standard tag and a value that is not a number are refused where they are typed.
  await page.getByRole("button", { name: "Add optional parameter" }).click();
  await page.getByLabel("Tag of parameter 1").fill("0x0005");
  await expect(page.getByText("Vendor tags are 0x1400–0x3FFF (SMPP v3.4 §5.3.2)")).toBeVisible();
  await page.getByLabel("Tag of parameter 1").fill("0x1401");
  await page.getByLabel("Type of parameter 1").selectOption("integer");
  await page.getByLabel("Value of parameter 1").fill("12a");
  await expect(page.getByText("A whole number from 0 to 4294967295")).toBeVisible();
  await page.getByLabel("Value of parameter 1").fill("1200");
  await expect(page.getByText("A whole number from 0 to 4294967295")).toHaveCount(0);
  await page.getByLabel("Service ID tag").fill("0x1401");
  await expect(page.getByText("Optional parameter 1 already uses this tag")).toBeVisible();
  await page.getByLabel("Service ID tag").fill("0x1500");
  await page.getByLabel("Invalid ID acknowledge count").fill("2");

  // Error table: a row without the SR form is refused; a good one is added and moved to the top.
  await page.getByRole("button", { name: "Add error" }).click();
  const last = await table.locator("tbody tr").count();
  await page.getByLabel(`Pattern of error ${last}`, { exact: true }).fill("UNDELIV 099");
  await expect(page.getByText(/Write it as SR <implementation> <stat> <err>/)).toBeVisible();
  await page.getByLabel(`Pattern of error ${last}`, { exact: true }).fill("SR * UNDELIV 099");
  await page.getByLabel(`Type of error ${last}`, { exact: true }).selectOption("hard");
  await page.getByLabel(`Reason of error ${last}`, { exact: true }).fill("Number ported away");
  await page.getByLabel("Put numbers in quarantine after a hard error").uncheck();

  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "E2E error table" })).toBeVisible();

  // Read back through the edit form.
  await page.goto(page.url().replace(/\/?$/, "/edit"));
  await expect(page.getByLabel("Tag of parameter 1")).toHaveValue("0x1401");
  await expect(page.getByLabel("Type of parameter 1")).toHaveValue("integer");
  await expect(page.getByLabel("Value of parameter 1")).toHaveValue("1200");
  await expect(page.getByLabel("Service ID tag")).toHaveValue("0x1500");
  await expect(page.getByLabel("Invalid ID acknowledge count")).toHaveValue("2");
  await expect(page.getByLabel(`Pattern of error ${last}`, { exact: true })).toHaveValue("SR * UNDELIV 099");
  await expect(page.getByLabel(`Type of error ${last}`, { exact: true })).toHaveValue("hard");
  await expect(page.getByLabel("Put numbers in quarantine after a hard error")).not.toBeChecked();
});
