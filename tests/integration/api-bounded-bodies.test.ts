import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { GET as health } from "@/app/api/health/route";
import { POST as postAccount } from "@/app/api/v1/accounts/route";
import { GET as recipients } from "@/app/api/v1/deliveries/[id]/recipients/route";
import { GET as getDelivery } from "@/app/api/v1/deliveries/[id]/route";
import { POST as postDelivery } from "@/app/api/v1/deliveries/route";
import { POST as postQuarantine } from "@/app/api/v1/quarantine/route";
import { createAccount } from "@/lib/accounts/repository";
import { importFinished } from "@/lib/deliveries/repository";
import { roleTokens } from "../support/delivery-test-kit";

// Bodies of any size reach the route handlers as real Requests; the handler must refuse an oversized one after
// reading at most its limit (the stream below counts what was pulled), and answer in the spec's error shape.
let tokens: Awaited<ReturnType<typeof roleTokens>>;
let accountId: string;
const MB = 1024 * 1024;

beforeAll(async () => {
  tokens = await roleTokens();
  const r = await createAccount(
    { label: "Bounded", connection: { host: "127.0.0.1", port: 2775, systemId: "x", password: "y" } },
    "test",
  );
  if (!r.ok) throw new Error("account");
  accountId = r.account.id;
});

afterEach(() => {
  delete process.env.API_MAX_UPLOAD_BYTES;
  delete process.env.API_MAX_JSON_BYTES;
});

/** A body of `total` bytes made on demand (`{"reason":"xxxx…`), counting how many bytes the reader pulled. */
function hugeBody(total: number) {
  const chunk = new Uint8Array(64 * 1024).fill(0x78);
  const counter = { pulled: 0 };
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (counter.pulled === 0) {
        controller.enqueue(new TextEncoder().encode('{"number":"33612345678","reason":"'));
        counter.pulled += 34;
      }
      if (counter.pulled >= total) return controller.close();
      counter.pulled += chunk.length;
      controller.enqueue(chunk);
    },
  });
  return { stream, counter };
}

const post = (path: string, role: keyof typeof tokens, body: BodyInit, headers: Record<string, string> = {}) =>
  new Request(`http://localhost${path}`, {
    method: "POST",
    headers: { authorization: `Bearer ${tokens[role]}`, "content-type": "application/json", ...headers },
    body,
    duplex: "half",
  } as RequestInit);

async function expect413(res: Response) {
  expect(res.status).toBe(413);
  const body = await res.json();
  expect(body.error.code).toBe("payload_too_large");
  expect(body.error.message).toMatch(/larger than the [\d,]+ (MB|bytes)/);
}

describe("JSON bodies", () => {
  it("a 200 MB JSON body streamed without Content-Length is a 413 after about 1 MB read, and health stays up", async () => {
    const { stream, counter } = hugeBody(200 * MB);
    await expect413(await postQuarantine(post("/api/v1/quarantine", "operator", stream)));
    expect(counter.pulled).toBeLessThan(2 * MB);
    expect((await health()).status).toBe(200);
  });

  it("a declared Content-Length over the limit is refused before any byte is read", async () => {
    const { stream, counter } = hugeBody(200 * MB);
    const req = post("/api/v1/accounts", "admin", stream, { "content-length": String(200 * MB) });
    await expect413(await postAccount(req));
    expect(counter.pulled).toBeLessThanOrEqual(64 * 1024 + 34);
  });

  it("the limit is API_MAX_JSON_BYTES; a body under it is read", async () => {
    process.env.API_MAX_JSON_BYTES = "100";
    await expect413(
      await postQuarantine(
        post("/api/v1/quarantine", "operator", JSON.stringify({ number: "33612345678", reason: "r".repeat(200) })),
      ),
    );
    delete process.env.API_MAX_JSON_BYTES;
    expect(
      (
        await postQuarantine(
          post("/api/v1/quarantine", "operator", JSON.stringify({ number: "33612345678", reason: "r".repeat(200) })),
        )
      ).status,
    ).toBe(201);
  });

  it("a delivery may carry 100,000 listed numbers (about 1.5 MB), over the 1 MB of other routes", async () => {
    const numbers = Array.from({ length: 100_000 }, (_, i) => `+336${String(10_000_000 + i)}`);
    const body = JSON.stringify({ accountId, text: "Hello", recipients: numbers });
    expect(body.length).toBeGreaterThan(1.2 * MB);
    const res = await postDelivery(post("/api/v1/deliveries", "operator", body));
    expect(res.status).toBe(201);
    await importFinished((await res.json()).id);
  });

  it("a lone UTF-16 surrogate in a text field is a 422 naming the field, not a 500", async () => {
    const res = await postQuarantine(post("/api/v1/quarantine", "operator", '{"number":"33612345670","reason":"a\\ud800b"}'));
    expect(res.status).toBe(422);
    const body = await res.json();
    expect(body.error.code).toBe("validation_failed");
    expect(body.error.fields.reason).toMatch(/lone UTF-16 surrogate/);
    const account = await postAccount(
      post("/api/v1/accounts", "admin", '{"label":"x\\udc00","connection":{"host":"127.0.0.1","port":2775,"systemId":"a"}}'),
    );
    expect(account.status).toBe(422);
    expect(Object.keys((await account.json()).error.fields)).toEqual(["label"]);
  });
});

function multipart(csv: BlobPart, fields: Record<string, string> = {}): Request {
  const form = new FormData();
  form.set("accountId", accountId);
  form.set("text", "Hello");
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  form.set("file", new Blob([csv], { type: "text/csv" }), "list.csv");
  return new Request("http://localhost/api/v1/deliveries", {
    method: "POST",
    headers: { authorization: `Bearer ${tokens.operator}` },
    body: form,
  });
}

describe("CSV uploads", () => {
  it("an upload over API_MAX_UPLOAD_BYTES is a 413, declared or streamed", async () => {
    process.env.API_MAX_UPLOAD_BYTES = String(MB);
    await expect413(await postDelivery(multipart("phone\n" + "+33612345678\n".repeat(100_000))));
    const { stream, counter } = hugeBody(200 * MB);
    const req = new Request("http://localhost/api/v1/deliveries", {
      method: "POST",
      headers: { authorization: `Bearer ${tokens.operator}`, "content-type": "multipart/form-data; boundary=x" },
      body: stream,
      duplex: "half",
    } as RequestInit);
    await expect413(await postDelivery(req));
    expect(counter.pulled).toBeLessThan(2 * MB);
  });

  it("a phone cell longer than 64 characters makes its row invalid, stored shortened with the reason", async () => {
    const res = await postDelivery(multipart(`phone\n+33612349999\n${"9".repeat(5000)}\n`));
    expect(res.status).toBe(201);
    const { id } = await res.json();
    await importFinished(id);
    const ctx = { params: Promise.resolve({ id }) };
    const list = await recipients(
      new Request(`http://localhost/api/v1/deliveries/${id}/recipients?state=skipped`, {
        headers: { authorization: `Bearer ${tokens.viewer}` },
      }),
      ctx,
    );
    const { items } = await list.json();
    expect(items).toHaveLength(1);
    expect(items[0].reason).toBe("Invalid number: 5,000 characters, at most 64");
    expect(items[0].number.length).toBeLessThanOrEqual(64);
  });

  it("a record over CSV_MAX_RECORD_BYTES (a 1 MB cell) stops the import with a reason, storing nothing of it", async () => {
    const res = await postDelivery(multipart(`phone\n+33612345678\n${"9".repeat(MB)}\n`));
    expect(res.status).toBe(201);
    const { id } = await res.json();
    await importFinished(id);
    const d = await (
      await getDelivery(
        new Request(`http://localhost/api/v1/deliveries/${id}`, { headers: { authorization: `Bearer ${tokens.viewer}` } }),
        { params: Promise.resolve({ id }) },
      )
    ).json();
    expect(d.status).toBe("failed");
    expect(d.error).toMatch(/a record is longer than 65,536 bytes \(CSV_MAX_RECORD_BYTES\)/);
  });

  it("a binary file given as CSV is refused without echoing its bytes", async () => {
    const binary = new Uint8Array(4096);
    for (let i = 0; i < binary.length; i++) binary[i] = (i * 37) % 256;
    binary.set(new TextEncoder().encode("SECRETMARK"), 100);
    const res = await postDelivery(multipart(binary));
    expect(res.status).toBe(422);
    const text = await res.text();
    expect(JSON.parse(text).error.fields.phoneColumn).toBe("The file is not a CSV text file (it holds binary data)");
    expect(text).not.toContain("SECRETMARK");
  });

  it("a header too long to list is not echoed whole", async () => {
    const header = Array.from({ length: 500 }, (_, i) => `column${i}_${"x".repeat(60)}`).join(",");
    const res = await postDelivery(multipart(`${header}\n1\n`));
    expect(res.status).toBe(422);
    const message: string = (await res.json()).error.fields.phoneColumn;
    expect(message).toMatch(/… 480 more\)$/);
    expect(message.length).toBeLessThan(1200);
  });
});
