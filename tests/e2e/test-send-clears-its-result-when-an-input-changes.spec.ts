import { expect, test } from "./support/fixtures";

// Issue 13: a Test send result belongs to the text and number it was sent with. Once the send has ended, editing
// either drops it: a "Delivered" shown under a text that was never sent would mislead.
test("Test send drops its previous result when the text or the number is edited", async ({ adminPage: page }) => {
  await page.goto("/accounts");
  await page.getByRole("link", { name: "Local simulator", exact: true }).click();
  const dialog = page.getByRole("dialog", { name: "Test send" });
  // Retried: a click that lands before the page is hydrated does nothing.
  await expect(async () => {
    await page.getByRole("button", { name: "Test send" }).click({ timeout: 2_000 });
    await expect(dialog).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 30_000 });

  const result = dialog.getByTestId("test-send-result");
  const sendAndSeeItDelivered = async () => {
    await dialog.getByRole("button", { name: "Send", exact: true }).click();
    await expect(result.getByTestId("test-send-receipt")).toHaveAttribute("data-verdict", "delivered", { timeout: 45_000 });
    await expect(result.getByRole("status")).toContainText("Sent to 33612345678");
    // The send has ended: the fields take edits again.
    await expect(dialog.getByRole("button", { name: "Send", exact: true })).toBeEnabled();
  };

  await dialog.getByLabel("Destination number").fill("+33 6 12 34 56 78");
  await dialog.getByLabel("Text").fill("First text");
  await sendAndSeeItDelivered();
  await dialog.getByLabel("Text").pressSequentially(", edited");
  await expect(result).toHaveCount(0);
  await expect(dialog.getByLabel("Text")).toHaveValue("First text, edited");

  await sendAndSeeItDelivered();
  await dialog.getByLabel("Destination number").press("End");
  await dialog.getByLabel("Destination number").press("Backspace");
  await expect(result).toHaveCount(0);
});
