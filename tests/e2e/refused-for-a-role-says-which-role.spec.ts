import { createUser, expect, setRole, signIn, test } from "./support/fixtures";

// Issue 9: a server action refused for a role answers "This needs the admin role" in the form, not a 500 with a
// digest, and changes nothing; a page refused for a role answers HTTP 403 saying which role it needs.
const demoted = { email: "demoted@e2e.test", password: "demoted-password-1" };
const viewer = { email: "refused-pages@e2e.test", password: "viewer-password-2" };

test("a user demoted to viewer while the pages are open gets the role's name back from each action", async ({ page }) => {
  await createUser(demoted.email, demoted.password, "admin");
  await signIn(page, demoted.email, demoted.password);
  await page.goto("/quarantine");
  const add = page.getByRole("form", { name: "Add to quarantine" });
  await add.getByLabel("Phone number").fill("+33 6 11 22 33 44");
  await add.getByRole("button", { name: "Add to quarantine" }).click();
  const entry = page.getByTestId("quarantine-row").filter({ hasText: "+33611223344" });
  await expect(entry).toBeVisible();

  await page.goto("/accounts");
  const rows = page.getByTestId("account-row");
  const row = rows.filter({ hasText: "Local simulator" });
  const count = await rows.count();
  await row.getByRole("button", { name: "Actions for Local simulator", exact: true }).click();
  await expect(row.getByRole("button", { name: "Delete Local simulator" })).toBeVisible();

  await setRole(demoted.email, "viewer");

  await row.getByRole("button", { name: "Duplicate Local simulator" }).click();
  await expect(row.getByRole("alert")).toHaveText("This needs the admin role");
  await expect(page).toHaveURL(/\/accounts$/);

  await row.getByRole("button", { name: "Delete Local simulator" }).click();
  const ask = page.getByRole("dialog", { name: "Delete account" });
  await ask.getByRole("button", { name: "Delete" }).click();
  await expect(row.getByRole("alert").last()).toHaveText("This needs the admin role");

  await page.reload();
  await expect(rows).toHaveCount(count);
  await expect(rows.filter({ hasText: "Local simulator" })).toHaveCount(1);
  // The reloaded page knows the new role: no buttons any more.
  await expect(rows.filter({ hasText: "Local simulator" }).getByRole("button")).toHaveCount(0);

  await setRole(demoted.email, "admin");
  await page.goto("/quarantine");
  await setRole(demoted.email, "viewer");
  await entry.getByRole("button", { name: "Remove" }).click();
  await page.getByRole("dialog", { name: "Remove from quarantine" }).getByRole("button", { name: "Remove" }).click();
  await expect(entry.getByRole("alert")).toHaveText("This needs the operator role");
  await page.reload();
  await expect(page.getByTestId("quarantine-row").filter({ hasText: "+33611223344" })).toHaveCount(1);
});

test("a page refused for a role answers 403 and names the role", async ({ page }) => {
  await createUser(viewer.email, viewer.password, "viewer");
  await signIn(page, viewer.email, viewer.password);
  for (const [path, role] of [
    ["/accounts/new", "admin"],
    ["/users", "admin"],
    ["/deliveries/new", "operator"],
  ] as const) {
    const res = await page.goto(path);
    expect(res?.status(), path).toBe(403);
    await expect(page.getByRole("heading", { name: "Not allowed" })).toBeVisible();
    await expect(page.getByText(`This needs the ${role} role`)).toBeVisible();
  }
});
