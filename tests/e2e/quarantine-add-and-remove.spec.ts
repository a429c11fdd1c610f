import { screenshotPath } from "./support/screenshots";
import { expect, test } from "./support/fixtures";

test("quarantine: a bad number is refused next to its field, a good one is added, removal asks for confirmation", async ({
  adminPage: page,
}) => {
  await page.goto("/quarantine");
  await expect(page.getByRole("heading", { level: 1, name: "Quarantine" })).toBeVisible();
  const form = page.getByRole("form", { name: "Add to quarantine" });

  await form.getByLabel("Phone number").fill("12ab");
  await form.getByLabel("Reason").click();
  await expect(form.locator("#qn-number-error")).toContainText("Digits only");
  await form.getByLabel("Phone number").fill("+33 6 99 88 77 66");
  await expect(form.locator("#qn-number-error")).toHaveCount(0);
  await form.getByLabel("Short code").fill("36000");
  await form.getByLabel("Reason").fill("asked by phone");
  await form.getByRole("button", { name: "Add to quarantine" }).click();
  await expect(form.getByRole("status")).toContainText("+33699887766 is in quarantine");

  const row = page.getByTestId("quarantine-row").filter({ hasText: "+33699887766" });
  await expect(row).toContainText("36000");
  await expect(row).toContainText("asked by phone");
  await page.screenshot({ path: screenshotPath("quarantine") });

  // Cancelling the confirmation keeps the entry.
  const ask = page.getByRole("dialog", { name: "Remove from quarantine" });
  await row.getByRole("button", { name: "Remove" }).click();
  await expect(ask).toContainText("Remove +33699887766 (short code 36000) from quarantine?");
  await ask.getByRole("button", { name: "Cancel" }).click();
  await expect(row).toBeVisible();

  await row.getByRole("button", { name: "Remove" }).click();
  await ask.getByRole("button", { name: "Remove" }).click();
  await expect(row).toHaveCount(0);
});
