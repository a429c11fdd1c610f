import { execFile } from "node:child_process";
import http from "node:http";
import { promisify } from "node:util";
import { parse } from "csv-parse/sync";
import { E2E, expect, test } from "./support/fixtures";

// Hostile input against the app `npm start` runs: each is answered clearly and the console stays up.
const run = promisify(execFile);

async function adminToken(): Promise<string> {
  const { stdout } = await run(
    "npx",
    [
      "tsx",
      "--conditions=react-server",
      "scripts/admin.ts",
      "create-token",
      "--email",
      E2E.adminEmail,
      "--name",
      `e2e-${Date.now()}`,
    ],
    { env: { ...process.env, ...E2E.serverEnv } },
  );
  return stdout.trim();
}

/** POSTs `totalBytes` of a JSON string body in 1 MB chunks (chunked, no Content-Length) and returns the answer. */
function streamHugeJson(path: string, token: string, totalBytes: number): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${E2E.baseUrl}${path}`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    });
    req.on("response", (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => (body += c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
      // The answer came before the body was sent: stop sending.
      req.destroy();
    });
    req.on("error", (e) => (req.destroyed ? undefined : reject(e)));
    const chunk = Buffer.alloc(1024 * 1024, 0x61);
    let sent = 0;
    req.write('{"number":"33600000000","reason":"');
    const pump = () => {
      while (sent < totalBytes && !req.destroyed) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once("drain", pump);
      }
      if (!req.destroyed) req.end('"}');
    };
    pump();
  });
}

test("a 200 MB JSON body is a 413 in the spec's error shape, and /api/health answers right after", async ({ request }) => {
  const token = await adminToken();
  const answer = await streamHugeJson("/api/v1/quarantine", token, 200 * 1024 * 1024);
  expect(answer.status).toBe(413);
  expect(JSON.parse(answer.body)).toEqual({
    error: { code: "payload_too_large", message: "The body is larger than the 1 MB this route reads" },
  });
  const health = await request.get("/api/health");
  expect(health.status()).toBe(200);
  expect((await health.json()).database).toBe("ok");
});

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
