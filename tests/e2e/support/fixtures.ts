import { test as base, expect, type Page } from "@playwright/test";
import { E2E } from "./env";

/** Signs in through the real sign-in page. */
export async function signIn(page: Page, email = E2E.adminEmail, password = E2E.adminPassword): Promise<void> {
  await page.goto("/login");
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("current-user")).toHaveText(email);
}

/** `page` already signed in as the seeded admin. */
export const test = base.extend<{ adminPage: Page }>({
  adminPage: async ({ page }, provide) => {
    await signIn(page);
    await provide(page);
  },
});

export { expect, E2E };
