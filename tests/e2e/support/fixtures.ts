import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { test as base, expect, type Page } from "@playwright/test";
import type { Role } from "@/lib/auth/roles";
import { E2E } from "./env";

const run = promisify(execFile);

/**
 * Adds a user to the e2e app's database through the admin command line (`npm run admin -- create-user`), as an
 * admin would beside the running app (each e2e run has a database of its own, so the e-mail is new).
 */
export async function createUser(email: string, password: string, role: Role): Promise<void> {
  const args = [
    "tsx",
    "--conditions=react-server",
    "scripts/admin.ts",
    "create-user",
    "--email",
    email,
    "--password",
    password,
    "--role",
    role,
  ];
  await run("npx", args, { env: { ...process.env, ...E2E.serverEnv } });
}

/** Changes a user's role through the admin command line, as an admin would while the user's pages are open. */
export async function setRole(email: string, role: Role): Promise<void> {
  const args = ["tsx", "--conditions=react-server", "scripts/admin.ts", "set-role", "--email", email, "--role", role];
  await run("npx", args, { env: { ...process.env, ...E2E.serverEnv } });
}

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
