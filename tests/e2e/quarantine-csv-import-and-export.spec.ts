import fs from "node:fs";
import { expect, test } from "./support/fixtures";

// Issue 13: a CSV of numbers imported through the Quarantine page, the rows shown with the accounts they stop, and
// Export downloading what the search lists.
test("quarantine: a CSV import adds its numbers with their accounts, counts the bad lines, and Export downloads them", async ({
  adminPage: page,
}) => {
  await page.goto("/quarantine");
  const form = page.getByRole("form", { name: "Import a CSV" });
  const csv = [
    "mobile;reason;short code",
    "+33 6 55 44 33 01;imported e2e;36000", // the seeded "Local simulator" account's short code
    "0033655443302;;",
    "not a number;;",
    "+33655443301;;36000", // a duplicate
  ].join("\n");
  await form.getByLabel("CSV file").setInputFiles({ name: "stop.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
  await form.getByRole("button", { name: "Import CSV" }).click();
  const result = form.getByTestId("quarantine-import-result");
  await expect(result).toContainText("4 lines read: 2 added, 0 already in quarantine, 1 duplicates, 1 invalid.");
  await expect(result).toContainText("Line 4: not a number");

  const scoped = page.getByTestId("quarantine-row").filter({ hasText: "+33655443301" });
  await expect(scoped.getByTestId("quarantine-accounts")).toHaveText("Local simulator");
  await expect(scoped).toContainText("imported e2e");
  const all = page.getByTestId("quarantine-row").filter({ hasText: "+33655443302" });
  await expect(all.getByTestId("quarantine-accounts")).toHaveText("All accounts");
  await expect(all).toContainText("CSV import");

  // A binary file is refused next to the field, and changes nothing.
  await form.getByLabel("CSV file").setInputFiles({
    name: "book.xlsx",
    mimeType: "application/octet-stream",
    buffer: Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0]),
  });
  await form.getByRole("button", { name: "Import CSV" }).click();
  await expect(form.getByRole("alert")).toHaveText("The file is not a CSV text file (it holds binary data)");

  await page.getByLabel("Search").fill("+33 6 55 44 33 0");
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page.getByTestId("quarantine-row")).toHaveCount(2);
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Export CSV" }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^quarantine-\d{8}-\d{4}\.csv$/);
  const lines = fs
    .readFileSync((await file.path())!, "utf8")
    .trim()
    .split("\n");
  expect(lines[0]).toBe("number,shortCode,accounts,reason,createdAt");
  expect(lines.slice(1).map((l) => l.replace(/,[^,]+$/, ""))).toEqual([
    "+33655443302,,All accounts,CSV import",
    "+33655443301,36000,Local simulator,imported e2e",
  ]);
});
