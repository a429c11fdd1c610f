import { parse } from "csv-parse/sync";
import { E2E, expect, test } from "./support/fixtures";

// Hostile input against the app `npm start` runs: each is answered clearly and the console stays up.

test("pages and API answers forbid framing and MIME sniffing", async ({ request }) => {
  for (const path of ["/login", "/api/health"]) {
    const res = await request.get(path);
    expect(res.headers()["x-frame-options"]).toBe("DENY");
    expect(res.headers()["content-security-policy"]).toContain("frame-ancestors 'none'");
    expect(res.headers()["x-content-type-options"]).toBe("nosniff");
  }
});

test("a signed-in change from a foreign Origin is refused (403); the same from the console's own origin is made", async ({
  adminPage: page,
}) => {
  const number = `3369${String(Date.now()).slice(-7)}`;
  const foreign = await page.request.post("/api/v1/quarantine", {
    headers: { origin: "http://evil.example" },
    data: { number },
  });
  expect(foreign.status()).toBe(403);
  expect((await foreign.json()).error.code).toBe("foreign_origin");
  const own = await page.request.post("/api/v1/quarantine", { headers: { origin: E2E.baseUrl }, data: { number } });
  expect(own.status()).toBe(201);
});

test("MO texts that are spreadsheet formulas, sent by the simulator, are exported as text", async ({ adminPage: page }) => {
  const stamp = Date.now();
  const texts = [`=HYPERLINK("http://x","y") ${stamp}`, `@SUM(1) ${stamp}`, `-1+cmd ${stamp}`];
  for (const text of texts) {
    const res = await fetch(`${E2E.smscControlUrl}/mo`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ from: "+33611223300", to: "36000", text, waitForBindMs: 30_000 }),
    });
    expect(res.status).toBe(200);
  }
  await expect
    .poll(async () => {
      const csv = await (await page.request.get(`/api/v1/insms/export?q=${stamp}`)).text();
      return (parse(csv, { columns: true }) as { message: string; origin: string }[]).map((r) => r.message).sort();
    })
    .toEqual(texts.map((t) => `'${t}`).sort());
});
