import fs from "node:fs";
import { E2E, expect, test } from "./support/fixtures";

// Incoming SMS keeps the page being read in the URL with its filters (a reload or a shared link opens it again), and
// Export can add UTF-8's byte order mark so that Excel reads accents right.
async function pushMo(text: string) {
  const res = await fetch(`${E2E.smscControlUrl}/mo`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ from: "+33611223344", to: "36000", text, waitForBindMs: 30_000 }),
  });
  expect(res.status).toBe(200);
}

test("the second page of a filtered list survives a reload, Previous goes back, and Export for Excel starts with the BOM", async ({
  adminPage: page,
}) => {
  const stamp = `paged-${Date.now()}`;
  // One more than a page (50).
  for (let i = 0; i < 51; i++) await pushMo(`${stamp} n°${i} é`);

  await page.goto(`/insms?q=${stamp}`);
  const rows = page.getByTestId("insms-row");
  await expect(rows).toHaveCount(50);
  await page.getByRole("button", { name: "Next →" }).click();
  await expect(rows).toHaveCount(1);
  await expect(page).toHaveURL(new RegExp(`q=${stamp}.*cursor=`));
  await expect(rows).toContainText(`${stamp} n°0 é`);

  await page.reload();
  await expect(rows).toHaveCount(1);
  await expect(rows).toContainText(`${stamp} n°0 é`);
  await expect(page.getByLabel("Text contains")).toHaveValue(stamp);

  await page.getByRole("button", { name: "← Previous" }).click();
  await expect(rows).toHaveCount(50);
  await expect(page).not.toHaveURL(/cursor=/);

  await page.getByLabel("For Excel (UTF-8 BOM)").check();
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Export CSV" }).click();
  const bytes = fs.readFileSync((await (await download).path())!);
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const lines = bytes.subarray(3).toString("utf8").trim().split("\n");
  expect(lines[0]).toMatch(/^id,/);
  expect(lines).toHaveLength(52);
  expect(lines.join("\n")).toContain(`${stamp} n°50 é`);
});
