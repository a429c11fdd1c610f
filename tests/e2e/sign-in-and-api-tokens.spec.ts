import { E2E, expect, signIn, test } from "./support/fixtures";

test("a wrong password is refused with a message, the right one opens the console", async ({ page }) => {
  await page.goto("/accounts");
  await expect(page).toHaveURL(/\/login$/);
  await page.getByLabel("E-mail").fill(E2E.adminEmail);
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert").filter({ hasText: /\S/ })).toHaveText("Wrong e-mail or password");
  await signIn(page);
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login$/);
});

test("an API token created in Settings works as a bearer token and is shown only once", async ({ adminPage: page, request }) => {
  await page.getByRole("link", { name: "API tokens" }).click();
  await page.getByLabel("Token name").fill("e2e-script");
  await page.getByRole("button", { name: "Create token" }).click();
  const token = (await page.getByTestId("new-token").textContent())?.trim() ?? "";
  expect(token).toMatch(/^smsc_/);
  await expect(page.getByRole("cell", { name: "e2e-script" })).toBeVisible();

  const ok = await request.get("/api/v1/accounts", { headers: { authorization: `Bearer ${token}` } });
  expect(ok.status()).toBe(200);
  const body = await ok.json();
  expect(body.items.map((a: { label: string }) => a.label)).toContain("Local simulator");
  expect(JSON.stringify(body)).not.toContain("secret");

  const bad = await request.get("/api/v1/accounts", { headers: { authorization: "Bearer smsc_wrong" } });
  expect(bad.status()).toBe(401);

  await page.reload();
  await expect(page.getByTestId("new-token")).toHaveCount(0);
});
