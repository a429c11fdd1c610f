import { beforeAll, describe, expect, it } from "vitest";
import { GET, POST } from "@/app/api/v1/quarantine/route";
import { SESSION_COOKIE, openSession } from "@/lib/auth/sessions";
import { createApiToken, createUser } from "@/lib/auth/users";

// A page of another site can make the browser POST to the console with its session cookie (SameSite=Lax does not
// cover every case: a sibling subdomain is same-site); the API must tell such a request from the console's own.
let cookie = "";
let token = "";
beforeAll(async () => {
  const u = await createUser({ email: "op@origin.example", password: "a-long-password", role: "operator" });
  cookie = `${SESSION_COOKIE}=${(await openSession(u.id)).value}`;
  token = (await createApiToken(u.id, "script")).token;
});

let n = 0;
const add = (headers: Record<string, string>) =>
  POST(
    new Request("http://127.0.0.1:3000/api/v1/quarantine", {
      method: "POST",
      headers: { "content-type": "application/json", host: "127.0.0.1:3000", ...headers },
      body: JSON.stringify({ number: `3361100000${n++}` }),
    }),
  );

describe("state-changing API calls by session cookie", () => {
  it("are refused (403) from a foreign Origin, and change nothing", async () => {
    const res = await add({ cookie, origin: "http://evil.example" });
    expect(res.status).toBe(403);
    expect((await res.json()).error.code).toBe("foreign_origin");
    const list = await GET(new Request("http://127.0.0.1:3000/api/v1/quarantine", { headers: { cookie } }));
    expect((await list.json()).items).toEqual([]);
  });

  it("are refused with neither Origin nor Sec-Fetch-Site, or with Origin null (a sandboxed frame)", async () => {
    expect((await add({ cookie })).status).toBe(403);
    expect((await add({ cookie, origin: "null" })).status).toBe(403);
    expect((await add({ cookie, "sec-fetch-site": "cross-site" })).status).toBe(403);
  });

  it("are accepted from the console's own origin, its proxy's forwarded host, or APP_ORIGINS", async () => {
    expect((await add({ cookie, origin: "http://127.0.0.1:3000" })).status).toBe(201);
    expect((await add({ cookie, "sec-fetch-site": "same-origin" })).status).toBe(201);
    expect((await add({ cookie, origin: "https://sms.example.com", "x-forwarded-host": "sms.example.com" })).status).toBe(201);
    process.env.APP_ORIGINS = "https://console.example.com";
    try {
      expect((await add({ cookie, origin: "https://console.example.com" })).status).toBe(201);
    } finally {
      delete process.env.APP_ORIGINS;
    }
  });

  it("reads (GET) are not checked, and bearer tokens are not affected", async () => {
    const list = await GET(
      new Request("http://127.0.0.1:3000/api/v1/quarantine", { headers: { cookie, origin: "http://evil.example" } }),
    );
    expect(list.status).toBe(200);
    expect((await add({ authorization: `Bearer ${token}`, origin: "http://evil.example" })).status).toBe(201);
    expect((await add({ authorization: `Bearer ${token}` })).status).toBe(201);
  });
});
