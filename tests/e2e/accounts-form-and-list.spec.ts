import { screenshotPath } from "./support/screenshots";
import { expect, test } from "./support/fixtures";

test("an admin creates an 8x8 account from the preset, sees a bad port refused, saves, finds, edits and deletes it", async ({
  adminPage: page,
}) => {
  // Hydration mismatches and client exceptions would show here (a production build only logs them).
  const browserErrors: string[] = [];
  page.on("pageerror", (e) => browserErrors.push(e.message));
  page.on("console", (m) => {
    if (m.type() === "error") browserErrors.push(m.text());
  });
  await page.goto("/accounts");
  await expect(page.getByRole("navigation", { name: "Breadcrumb" })).toContainText("Administration›Channels›SMS›SMS accounts");
  await page.getByText("New account").click();
  await page.getByRole("menuitem", { name: /8x8/ }).click();
  await expect(page).toHaveURL(/\/accounts\/new\?preset=8x8$/);

  // The preset filled the 8x8 defaults.
  await expect(page.getByLabel("Server", { exact: true })).toHaveValue("smpp.8x8.com");
  await expect(page.getByLabel("Port", { exact: true })).toHaveValue("2776");
  await expect(page.getByLabel("Enable TLS over SMPP")).toBeChecked();
  await expect(page.getByLabel("SMSC implementation name")).toHaveValue("8x8");
  await expect(page.getByLabel("Service type")).toHaveValue("smpp");
  await expect(page.getByLabel("Max MT throughput")).toHaveValue("50");
  await expect(page.getByLabel("Sending window")).toHaveValue("10");

  await page.getByLabel("Label").fill("E2E 8x8 Europe");
  await expect(page.getByLabel("Internal name")).toHaveValue("E2E_8x8_Europe");

  // A bad port is refused next to the field as it is typed; the TLS/port advice is a warning only.
  const port = page.getByLabel("Port", { exact: true });
  await port.fill("70000");
  await expect(page.getByText("Must be between 1 and 65535")).toBeVisible();
  await port.fill("2775");
  await expect(page.getByText("Must be between 1 and 65535")).toHaveCount(0);
  await expect(page.getByTestId("connection-port-warning")).toContainText("TLS is on but 2775");
  await port.fill("2776");
  await expect(page.getByTestId("connection-port-warning")).toHaveCount(0);

  await page.getByLabel("Account", { exact: true }).fill("e2e_user");
  await page.getByLabel("Password", { exact: true }).fill("pw1234");
  await page.getByLabel("Source number").fill("33612345678");

  // Encodings mapping: add a Latin-1 row and move it to the top.
  await page.getByLabel("Define a specific mapping of encodings").check();
  await page.getByRole("button", { name: "Add encoding" }).click();
  await page.getByLabel("Encoding 3", { exact: true }).selectOption("latin1");
  await page.getByLabel("data_coding of encoding 3").fill("3");
  await page.getByRole("button", { name: "Move encoding 3 up" }).click();
  await expect(page.getByLabel("Encoding 2", { exact: true })).toHaveValue("latin1");

  // Automatic replies: two rules, the second moved to the top.
  await page.getByRole("button", { name: "Add automatic reply" }).click();
  await page.getByLabel("Keyword 1", { exact: true }).fill("INFO");
  await page.getByLabel("Reply 1", { exact: true }).fill("Call us on 3400");
  await page.getByRole("button", { name: "Add automatic reply" }).click();
  await page.getByLabel("Keyword 2", { exact: true }).fill("STOP");
  await page.getByLabel("Reply 2", { exact: true }).fill("You will get no more SMS");
  await page.getByLabel("Additional action 2", { exact: true }).selectOption("quarantine");
  await page.getByRole("button", { name: "Move automatic reply 2 up" }).click();
  await expect(page.getByLabel("Keyword 1", { exact: true })).toHaveValue("STOP");
  await expect(page.getByLabel("Additional action 1", { exact: true })).toHaveValue("quarantine");

  // The SR tester reads the sample receipt with the form's regexes.
  await expect(page.getByTestId("sr-tester-status")).toHaveText("DELIVRD");
  await expect(page.getByTestId("sr-tester-verdict")).toContainText("Delivered");
  await page.getByLabel("Status report text").fill("id:77 stat:UNDELIV err:011");
  await expect(page.getByTestId("sr-tester-id")).toHaveText("77");
  await page.getByLabel("Status report text").fill("stat:UNDELIV err:011");
  await expect(page.getByTestId("sr-tester-id")).toContainText("no id found");
  await page.getByLabel("Status report text").fill("id:77 stat:UNDELIV err:011");
  await expect(page.getByTestId("sr-tester-verdict")).toContainText("Error");

  await page.getByLabel("Label").focus();
  await page.screenshot({ path: screenshotPath("account-form"), fullPage: true });

  // A new account is saved disabled: the connector never binds to smpp.8x8.com because of a save.
  await expect(page.getByTestId("saved-disabled-note")).toContainText("Saved disabled");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "E2E 8x8 Europe" })).toBeVisible();
  await expect(page.getByTestId("account-enabled")).toHaveText("Disabled");
  await expect(page.getByTestId("audit-log")).toContainText("create");
  await expect(page.getByTestId("audit-log")).toContainText("enabled: — → false");

  // Found in the list by name and by server.
  await page.goto("/accounts");
  await page.getByPlaceholder("Search by name or server").fill("8x8.com");
  await page.getByRole("button", { name: "Search" }).click();
  const row = page.getByTestId("account-row").filter({ hasText: "E2E 8x8 Europe" });
  await expect(row).toContainText("smpp.8x8.com:2776");
  await expect(row).toContainText("E2E_8x8_Europe");
  await expect(row).toContainText("TLS");
  await expect(page.getByTestId("account-row")).toHaveCount(1);

  // Edit: the password is only said to be set; the change is audited.
  // The row's actions are in its Actions menu.
  await row.getByRole("button", { name: "Actions for E2E 8x8 Europe" }).click();
  await row.getByRole("link", { name: "Edit E2E 8x8 Europe" }).click();
  await expect(page.getByTestId("connection-password-set")).toContainText("password set");
  await expect(page.locator("input[type=password]")).toHaveCount(0);
  await expect(page.getByLabel("Keyword 1", { exact: true })).toHaveValue("STOP");
  await page.getByLabel("Label").fill("E2E 8x8 UK");
  await page.getByLabel("Server", { exact: true }).fill("smpp.8x8.uk");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "E2E 8x8 UK" })).toBeVisible();
  await expect(page.getByTestId("audit-log")).toContainText("connection.host: smpp.8x8.com → smpp.8x8.uk");
  expect(await page.content()).not.toContain("pw1234");

  // Delete asks first in a dialog: cancelling keeps the account, confirming removes it.
  await page.goto("/accounts?q=8x8");
  await page.getByRole("button", { name: "Actions for E2E 8x8 UK" }).click();
  await page.getByRole("button", { name: "Delete E2E 8x8 UK" }).click();
  const ask = page.getByRole("dialog", { name: "Delete account" });
  await expect(ask).toContainText("Delete the SMS account “E2E 8x8 UK”");
  await ask.getByRole("button", { name: "Cancel" }).click();
  await expect(ask).toHaveCount(0);
  await expect(page.getByTestId("account-row").filter({ hasText: "E2E 8x8 UK" })).toHaveCount(1);
  // The menu stays open behind the dialog: Delete again without reopening it.
  await page.getByRole("button", { name: "Delete E2E 8x8 UK" }).click();
  await ask.getByRole("button", { name: "Delete", exact: true }).click();
  await expect(page).toHaveURL(/\/accounts$/);
  await page.goto("/accounts?q=8x8");
  await expect(page.getByTestId("accounts-empty")).toContainText("No account matches");
  expect(browserErrors).toEqual([]);
});

test("the server's field errors land on their fields: a taken internal name and a regex without its capture group", async ({
  adminPage: page,
}) => {
  await page.goto("/accounts/new?preset=generic");
  await page.getByLabel("Label").fill("Second simulator");
  await page.getByLabel("Internal name").fill("local_simulator");
  await page.getByLabel("Server", { exact: true }).fill("127.0.0.1");
  await page.getByLabel("Account", { exact: true }).fill("simulator");

  const idRegex = page.getByLabel("Extraction regex of the ID in the SR");
  await idRegex.fill("id:(");
  await expect(page.getByText(/Not a valid regular expression/)).toBeVisible();
  await idRegex.fill("id:[0-9]+");
  await expect(page.getByText("Must have exactly one capture group ( … )")).toBeVisible();
  await idRegex.fill("id:([0-9]+)");

  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Already used by another account", { exact: true })).toBeVisible();
  await expect(page.getByLabel("Internal name")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByTestId("form-error")).toContainText("already used");
  await expect(page).toHaveURL(/\/accounts\/new/);
});

test("duplicate makes a disabled copy, and enable/disable toggles it from the list", async ({ adminPage: page }) => {
  await page.goto("/accounts");
  await page.getByRole("button", { name: "Actions for Local simulator", exact: true }).click();
  await page.getByRole("button", { name: "Duplicate Local simulator" }).click();
  await expect(page).toHaveURL(/\/accounts\/[^/]+\/edit\?copy=1$/);
  await expect(page.getByLabel("Label")).toHaveValue("Local simulator (copy)");
  await expect(page.getByLabel("Enabled")).not.toBeChecked();
  await page.goto("/accounts");
  const copy = page.getByTestId("account-row").filter({ hasText: "Local simulator (copy)" });
  await expect(copy.getByRole("cell", { name: "No", exact: true })).toBeVisible();
  // The Actions menu stays open while its actions run (a refusal would be shown in it).
  await copy.getByRole("button", { name: "Actions for Local simulator (copy)" }).click();
  await copy.getByRole("button", { name: "Enable Local simulator (copy)" }).click();
  await expect(copy.getByRole("button", { name: "Disable Local simulator (copy)" })).toBeVisible();
  await copy.getByRole("button", { name: "Disable Local simulator (copy)" }).click();
  await page.getByRole("dialog", { name: "Disable account" }).getByRole("button", { name: "Disable" }).click();
  await expect(copy.getByRole("button", { name: "Enable Local simulator (copy)" })).toBeVisible();
  await copy.getByRole("button", { name: "Delete Local simulator (copy)" }).click();
  await page.getByRole("dialog", { name: "Delete account" }).getByRole("button", { name: "Delete" }).click();
  await expect(page.getByTestId("account-row").filter({ hasText: "Local simulator (copy)" })).toHaveCount(0);
});

test("Cancel on the edit form of a fresh duplicate asks whether to keep the copy: kept, or deleted", async ({
  adminPage: page,
}) => {
  const duplicate = async () => {
    await page.goto("/accounts");
    await page.getByRole("button", { name: "Actions for Local simulator", exact: true }).click();
    await page.getByRole("button", { name: "Duplicate Local simulator" }).click();
    await expect(page).toHaveURL(/\/accounts\/[^/]+\/edit\?copy=1$/);
    await expect(page.getByLabel("Label")).toHaveValue("Local simulator (copy)");
    return page.url().split("/")[4];
  };
  const copies = () => page.getByTestId("account-row").filter({ hasText: "Local simulator (copy)" });

  const kept = await duplicate();
  await page.getByRole("button", { name: "Cancel" }).click();
  const dialog = page.getByRole("dialog", { name: "Keep this copy?" });
  await expect(dialog).toContainText("Duplicate saved “Local simulator (copy)” as a new account, disabled.");
  await dialog.getByRole("button", { name: "Keep the copy" }).click();
  await expect(page).toHaveURL(new RegExp(`/accounts/${kept}$`));
  await page.goto("/accounts");
  await expect(copies()).toHaveCount(1);

  await duplicate();
  await page.getByRole("button", { name: "Cancel" }).click();
  await page.getByRole("dialog", { name: "Keep this copy?" }).getByRole("button", { name: "Delete the copy" }).click();
  await expect(page).toHaveURL(/\/accounts$/);
  await expect(copies()).toHaveCount(1);
  // An ordinary edit (not right after Duplicate) keeps its plain Cancel link.
  await page.goto(`/accounts/${kept}/edit`);
  await page.getByRole("link", { name: "Cancel" }).click();
  await expect(page).toHaveURL(new RegExp(`/accounts/${kept}$`));
  // Cleaned up for the specs after this one.
  await page.goto("/accounts");
  await page.getByRole("button", { name: "Actions for Local simulator (copy)", exact: true }).click();
  await page.getByRole("button", { name: "Delete Local simulator (copy)" }).click();
  await page.getByRole("dialog", { name: "Delete account" }).getByRole("button", { name: "Delete" }).click();
  await expect(copies()).toHaveCount(0);
});

test("a transmitter + receiver account with its own receiver settings saves them and keeps both passwords write-only", async ({
  adminPage: page,
}) => {
  await page.goto("/accounts/new?preset=generic");
  await page.getByLabel("Label").fill("Pair account");
  // Saved disabled (every new account is): the connector opens no bind to this made-up server.
  await expect(page.getByLabel("Enabled")).toHaveCount(0);
  await page.getByLabel("Server", { exact: true }).fill("smsc.example.com");
  await page.getByLabel("Account", { exact: true }).fill("tx_user");
  await page.getByLabel("Password", { exact: true }).fill("txpw");
  await expect(page.getByLabel("Use different parameters for the receiver")).toHaveCount(0);
  await page.getByLabel("SMPP connection mode").selectOption("transmitterReceiver");
  await page.getByLabel("Use different parameters for the receiver").check();
  await page.getByLabel("Receiver server").fill("rx.example.com");
  await page.getByLabel("Receiver port").fill("0");
  await expect(page.getByText("Must be between 1 and 65535")).toBeVisible();
  await page.getByLabel("Receiver port").fill("2777");
  await page.getByLabel("Receiver account").fill("rx_user");
  await page.getByLabel("Receiver password").fill("rxpw");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Pair account" })).toBeVisible();

  await page.getByRole("link", { name: "Edit Pair account" }).click();
  await expect(page.getByLabel("Receiver server")).toHaveValue("rx.example.com");
  await expect(page.getByLabel("Receiver port")).toHaveValue("2777");
  await expect(page.getByTestId("connection-password-set")).toBeVisible();
  await expect(page.getByTestId("connection-receiver-password-set")).toBeVisible();
  expect(await page.content()).not.toMatch(/txpw|rxpw/);

  // Back to transceiver: the receiver settings go, and the account still saves.
  await page.getByLabel("SMPP connection mode").selectOption("transceiver");
  await expect(page.getByLabel("Receiver server")).toHaveCount(0);
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Pair account" })).toBeVisible();
  await expect(page.getByTestId("audit-log")).toContainText("connection.mode: transmitterReceiver → transceiver");
});
