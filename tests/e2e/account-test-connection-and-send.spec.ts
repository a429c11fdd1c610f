import { screenshotPath } from "./support/screenshots";
import { E2E } from "./support/env";
import { expect, test } from "./support/fixtures";

const simulatorFaults = (faults: Record<string, unknown>) =>
  fetch(`${E2E.smscControlUrl}/faults`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(faults),
  });

test("Test connection on the seeded simulator account shows each step and the SMSC's system_id", async ({ adminPage: page }) => {
  await page.goto("/accounts");
  // The list shows the connector's live bind state.
  await expect(page.getByTestId("account-row").filter({ hasText: "Local simulator" }).getByTestId("bind-state")).toHaveText(
    "bound 1/1",
  );
  await page.getByRole("link", { name: "Local simulator", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Local simulator" })).toBeVisible();

  // The live connector binds the enabled account.
  await expect(page.getByTestId("account-state")).toHaveText("bound");

  const panel = page.getByTestId("test-connection");
  await panel.getByRole("button", { name: "Test connection" }).click();
  await expect(page.getByTestId("test-connection-result")).toContainText("Connection OK");
  for (const step of ["dns", "tcp", "bind", "enquire_link", "unbind"]) {
    await expect(panel.locator(`[data-testid=connection-step][data-step=${step}]`)).toHaveAttribute("data-ok", "true");
  }
  await expect(panel.locator("[data-testid=connection-step][data-step=bind]")).toContainText("ms");
  // Its own session trace is shown, password masked.
  await panel.getByText(/Session trace \(\d+ PDUs\)/).click();
  const trace = panel.getByRole("table", { name: "Test connection trace" });
  await trace.getByTestId("trace-row").filter({ hasText: "bind_transceiver" }).first().click();
  await expect(trace).toContainText('"system_id": "simulator"');
  await expect(trace).toContainText("******");
  await expect(trace).not.toContainText("secret");
  await page.screenshot({ path: screenshotPath("account-page"), fullPage: true });
});

test("Test connection shows DNS and TCP as they happen, while the SMSC still holds the bind_resp", async ({
  adminPage: page,
}) => {
  await page.goto("/accounts");
  await page.getByRole("link", { name: "Local simulator", exact: true }).click();
  // The live connector is bound before binds stall, so only the test's own bind is held.
  await expect(page.getByTestId("account-state")).toHaveText("bound");
  const panel = page.getByTestId("test-connection");
  const step = (name: string) => panel.locator(`[data-testid=connection-step][data-step=${name}]`);
  expect((await simulatorFaults({ stallBinds: true })).ok).toBe(true);
  try {
    // Retried: a click that lands before the page is hydrated does nothing.
    await expect(async () => {
      await panel
        .getByRole("button", { name: /Test connection|Testing/ })
        .click({ timeout: 2_000 })
        .catch(() => undefined);
      await expect(step("tcp")).toHaveAttribute("data-ok", "true", { timeout: 3_000 });
    }).toPass({ timeout: 30_000 });
    await expect(step("dns")).toHaveAttribute("data-ok", "true");
    // Streamed through the whole server (no buffering): the bind has not finished, no result yet.
    await expect(step("bind")).toHaveCount(0);
    await expect(page.getByTestId("test-connection-result")).toHaveCount(0);
  } finally {
    await simulatorFaults({ stallBinds: false });
  }
  await expect(page.getByTestId("test-connection-result")).toContainText("Connection OK");
  for (const name of ["bind", "enquire_link", "unbind"]) await expect(step(name)).toHaveAttribute("data-ok", "true");
});

test("A client that leaves in the middle of a streamed Test connection gets its session closed at the SMSC at once", async ({
  adminPage: page,
}) => {
  await page.goto("/accounts");
  await page.getByRole("link", { name: "Local simulator", exact: true }).click();
  await expect(page.getByTestId("account-state")).toHaveText("bound");
  const url = `${new URL(page.url()).pathname.replace(/^\/accounts\//, "/api/v1/accounts/").replace(/\/$/, "")}/test-connection`;
  const unbound = async () => {
    const stats = (await (await fetch(`${E2E.smscControlUrl}/stats`)).json()) as { sessions: { mode: string | null }[] };
    return stats.sessions.filter((s) => s.mode === null).length;
  };
  expect((await simulatorFaults({ stallBinds: true })).ok).toBe(true);
  try {
    // In the browser: read the stream up to the tcp step while the SMSC holds the bind_resp…
    const lines = await page.evaluate(async (path) => {
      const client = new AbortController();
      (window as unknown as { leaveTest: () => void }).leaveTest = () => client.abort();
      const r = await fetch(path, {
        method: "POST",
        headers: { accept: "application/x-ndjson", "content-type": "application/json" },
        body: "{}",
        signal: client.signal,
      });
      const reader = r.body!.getReader();
      const decoder = new TextDecoder();
      let text = "";
      while (!text.includes('"step":"tcp"')) {
        const { value, done } = await reader.read();
        if (done) break;
        text += decoder.decode(value, { stream: true });
      }
      return text;
    }, url);
    expect(lines).toContain('"step":"dns"');
    await expect.poll(unbound).toBe(1);
    // …then go away.
    await page.evaluate(() => (window as unknown as { leaveTest: () => void }).leaveTest());
    // The bind timeout of the account is 60 s: only the abort closes the held session this soon.
    await expect.poll(unbound, { timeout: 15_000 }).toBe(0);
  } finally {
    await simulatorFaults({ stallBinds: false });
  }
  await expect(page.getByTestId("account-state")).toHaveText("bound");
});

test("Closing the Test send dialog while the SMSC holds the bind closes that SMPP session at once", async ({
  adminPage: page,
}) => {
  await page.goto("/accounts");
  await page.getByRole("link", { name: "Local simulator", exact: true }).click();
  await expect(page.getByTestId("account-state")).toHaveText("bound");
  const unbound = async () => {
    const stats = (await (await fetch(`${E2E.smscControlUrl}/stats`)).json()) as { sessions: { mode: string | null }[] };
    return stats.sessions.filter((s) => s.mode === null).length;
  };
  expect((await simulatorFaults({ stallBinds: true })).ok).toBe(true);
  try {
    await page.getByRole("button", { name: "Test send" }).click();
    const dialog = page.getByRole("dialog", { name: "Test send" });
    await dialog.getByLabel("Destination number").fill("+33 6 12 34 56 78");
    await dialog.getByLabel("Text").fill("Never sent");
    await dialog.getByRole("button", { name: "Send", exact: true }).click();
    await expect.poll(unbound).toBe(1);
    await dialog.getByRole("button", { name: "Close" }).click();
    // The account's bind timeout is 60 s: only the dialog's abort closes the held session this soon.
    await expect.poll(unbound, { timeout: 15_000 }).toBe(0);
  } finally {
    await simulatorFaults({ stallBinds: false });
  }
});

test("Test send validates the number, counts the text live, and shows the submit_sm_resp and the status report", async ({
  adminPage: page,
}) => {
  await page.goto("/accounts");
  await page.getByRole("link", { name: "Local simulator", exact: true }).click();
  await page.getByRole("button", { name: "Test send" }).click();
  const dialog = page.getByRole("dialog", { name: "Test send" });
  await expect(dialog).toBeVisible();

  await dialog.getByLabel("Destination number").fill("12ab");
  await dialog.getByLabel("Sender").click();
  await expect(dialog.getByRole("alert")).toContainText("digits only");
  await dialog.getByLabel("Destination number").fill("+33 6 12 34 56 78");
  await expect(dialog.getByText("Sent as 33612345678")).toBeVisible();

  await dialog.getByLabel("Text").fill("Hello from the e2e test €");
  // € is a GSM 03.38 extension character: it counts twice.
  await expect(dialog.getByTestId("test-send-counter")).toContainText("GSM 03.38 (data_coding 0) · 26 characters · 1 part");
  await dialog.getByLabel("Text").fill("Ω and ☃ need UCS-2 ".repeat(5));
  await expect(dialog.getByTestId("test-send-counter")).toContainText("UCS-2 (data_coding 8) · 95 characters · 2 parts");
  await dialog.getByLabel("Text").fill("Hello from the e2e test");

  // The sender is checked with the API's own body schema, next to the field, before anything is sent.
  const sender = dialog.getByLabel("Sender");
  const previousSender = await sender.inputValue();
  await sender.fill("TOO-LONG-SENDER");
  await sender.blur();
  await expect(dialog.getByText("Digits (up to 20), or an alphanumeric sender of at most 11 characters")).toBeVisible();
  await expect(dialog.getByRole("button", { name: "Send", exact: true })).toBeDisabled();
  await sender.fill(previousSender);
  await expect(dialog.getByText("Digits (up to 20), or an alphanumeric sender of at most 11 characters")).toHaveCount(0);

  await dialog.getByLabel("Wait for the status report").check();
  await dialog.getByRole("button", { name: "Send", exact: true }).click();
  const result = dialog.getByTestId("test-send-result");
  await expect(result.getByRole("status")).toContainText("Sent to 33612345678", { timeout: 45_000 });
  for (const name of ["dns", "tcp", "bind", "unbind"]) {
    await expect(result.locator(`[data-testid=test-send-step][data-step=${name}]`)).toHaveAttribute("data-ok", "true");
  }
  await expect(result.getByTestId("test-send-part")).toHaveCount(1);
  await expect(result.getByTestId("test-send-part")).toContainText("ESME_ROK (0x00000000)");
  await expect(result.getByTestId("test-send-receipt")).toHaveAttribute("data-verdict", "delivered");
  await expect(result.getByTestId("test-send-receipt")).toContainText("DELIVRD");
  await result.getByText(/Session trace \(\d+ PDUs\)/).click();
  await expect(result.getByRole("table", { name: "Test send trace" })).toContainText("submit_sm_resp");
  await expect(result.getByRole("table", { name: "Test send trace" })).toContainText("deliver_sm");
  await dialog.screenshot({ path: screenshotPath("account-test-send") });
});

test("with verbose traces on, the trace viewer lists the account's PDUs, filters by command and offers the log for download", async ({
  adminPage: page,
}) => {
  await page.goto("/accounts");
  await page.getByRole("link", { name: "Local simulator", exact: true }).click();
  await page.getByRole("link", { name: "Edit Local simulator" }).click();
  await page.getByLabel("Enable verbose SMPP traces in the log file").check();
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Local simulator" })).toBeVisible();
  await expect(page.getByTestId("audit-log")).toContainText("connection.verboseTraces: false → true");

  await page.getByTestId("test-connection").getByRole("button", { name: "Test connection" }).click();
  await expect(page.getByTestId("test-connection-result")).toContainText("Connection OK");
  const traces = page.getByRole("region", { name: "SMPP traces" });
  await traces.getByLabel("Follow live").check();
  await expect(traces.getByTestId("trace-row").filter({ hasText: "bind_transceiver" }).first()).toBeVisible();
  await traces.getByLabel("Command").selectOption("enquire_link");
  await expect(traces.getByTestId("trace-row").first()).toContainText("enquire_link");
  await expect(traces.getByTestId("trace-row").filter({ hasText: "bind_transceiver" })).toHaveCount(0);
  // A row opens to its decoded fields and hex.
  await traces.getByTestId("trace-row").first().click();
  await expect(traces.getByTestId("trace-row").first()).toHaveAttribute("aria-expanded", "true");
  await expect(traces.getByRole("link", { name: "Download" })).toHaveAttribute("href", /traces\?download=1$/);
  await expect(traces).not.toContainText("secret");
});

test("Test connection on the edit form uses the unsaved values: a wrong password fails at the bind with ESME_RBINDFAIL, nothing saved", async ({
  adminPage: page,
}) => {
  await page.goto("/accounts");
  await page.getByRole("button", { name: "Actions for Local simulator", exact: true }).click();
  await page.getByRole("link", { name: "Edit Local simulator" }).click();
  await expect(page.getByTestId("connection-password-set")).toContainText("password set");
  await page.getByRole("button", { name: "Change password" }).click();
  await page.getByLabel("Password", { exact: true }).fill("wrong");
  const panel = page.getByTestId("test-connection");
  await panel.getByRole("button", { name: "Test connection" }).click();
  await expect(page.getByTestId("test-connection-result")).toContainText("Connection failed");
  await expect(panel.locator("[data-testid=connection-step][data-step=bind]")).toHaveAttribute("data-ok", "false");
  await expect(panel.locator("[data-testid=connection-step][data-step=bind]")).toContainText("ESME_RBINDFAIL");

  // Leaving without saving (the form asks first: the password was changed) keeps the stored password: the saved
  // settings still bind.
  await page.getByRole("link", { name: "Cancel" }).click();
  await page.getByTestId("confirm-dialog").getByRole("button", { name: "Leave without saving" }).click();
  await expect(page.getByRole("region", { name: "Settings", exact: true })).toBeVisible();
  // Retried: a click that lands before the page is hydrated does nothing.
  await expect(async () => {
    await page.getByTestId("test-connection").getByRole("button", { name: "Test connection" }).click();
    await expect(page.getByTestId("test-connection-result")).toContainText("Connection OK", { timeout: 5_000 });
  }).toPass({ timeout: 30_000 });
});
