import fs from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { GET as getOne } from "@/app/api/v1/deliveries/[id]/route";
import { POST as cancel } from "@/app/api/v1/deliveries/[id]/cancel/route";
import { GET as recipients } from "@/app/api/v1/deliveries/[id]/recipients/route";
import { GET as list, POST } from "@/app/api/v1/deliveries/route";
import { createAccount } from "@/lib/accounts/repository";
import { importFinished } from "@/lib/deliveries/repository";
import { uploadsDir } from "@/lib/deliveries/multipart-upload";
import { addToQuarantine } from "@/lib/quarantine/store";
import { roleTokens } from "../support/delivery-test-kit";

// The route handlers with real Requests (JSON and multipart bodies); no dispatcher runs here, so deliveries stay
// "running" once imported.
let tokens: Awaited<ReturnType<typeof roleTokens>>;
let accountId: string;

beforeAll(async () => {
  tokens = await roleTokens();
  const r = await createAccount(
    {
      label: "Bulk FR",
      connection: { host: "127.0.0.1", port: 2775, systemId: "x", password: "y" },
      channel: { shortCode: "38100" },
    },
    "test",
  );
  if (!r.ok) throw new Error("account");
  accountId = r.account.id;
  await addToQuarantine("+33 6 99 99 99 99", "", "STOP received");
});

const json = (method: string, path: string, role: keyof typeof tokens | null, body?: unknown) =>
  new Request(`http://localhost${path}`, {
    method,
    headers: { ...(role ? { authorization: `Bearer ${tokens[role]}` } : {}), "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
const ctx = (id: string) => ({ params: Promise.resolve({ id }) });

function multipart(role: keyof typeof tokens, fields: Record<string, string>, csv: string | null): Request {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  if (csv !== null) form.set("file", new Blob([csv], { type: "text/csv" }), "list.csv");
  return new Request("http://localhost/api/v1/deliveries", {
    method: "POST",
    headers: { authorization: `Bearer ${tokens[role]}` },
    body: form,
  });
}

async function read(id: string) {
  const res = await getOne(json("GET", `/api/v1/deliveries/${id}`, "viewer"), ctx(id));
  expect(res.status).toBe(200);
  return res.json();
}

describe("POST /api/v1/deliveries", () => {
  it("answers {id} for a JSON list, then skips invalid, duplicate and quarantined numbers with their reasons", async () => {
    const res = await POST(
      json("POST", "/api/v1/deliveries", "operator", {
        accountId,
        text: "Soldes -50 % ce week-end",
        from: "SHOP",
        recipients: [
          "+33612345678",
          "33612345678",
          "0033 6 12 34 56 78",
          "+33699999999",
          "not a number",
          "+1 202",
          "",
          "+44 7700 900123",
        ],
      }),
    );
    expect(res.status).toBe(201);
    const { id } = await res.json();
    expect(typeof id).toBe("string");
    await importFinished(id);
    const d = await read(id);
    expect(d).toMatchObject({
      status: "running",
      total: 7,
      processed: 5,
      skipped: 5,
      invalid: 2,
      duplicates: 2,
      quarantined: 1,
      sent: 0,
      sender: "SHOP",
    });

    const skipped = await (
      await recipients(json("GET", `/api/v1/deliveries/${id}/recipients?state=skipped`, "viewer"), ctx(id))
    ).json();
    const reasons = Object.fromEntries(skipped.items.map((r: { line: number; reason: string }) => [r.line, r.reason]));
    expect(reasons[2]).toMatch(/^Duplicate/);
    expect(reasons[3]).toMatch(/^Duplicate/);
    expect(reasons[4]).toBe("Quarantined: STOP received");
    expect(reasons[5]).toMatch(/^Invalid number: /);
    expect(reasons[6]).toMatch(/^Invalid number: /);
  });

  it("streams an uploaded CSV (semicolons, a BOM, the phone column picked by name) into recipients with their line numbers", async () => {
    const rows = [
      "\uFEFFName;Mobile;City",
      "Ann;+33 6 11 11 11 11;Paris",
      "Bob;;Lyon",
      "Cid;+33611111111;Nice",
      '"Dee, Jr";+44 7700 900456;London',
    ];
    const res = await POST(multipart("operator", { accountId, text: "Hi", phoneColumn: "mobile" }, rows.join("\r\n") + "\r\n"));
    expect(res.status).toBe(201);
    const { id } = await res.json();
    await importFinished(id);
    expect(await read(id)).toMatchObject({ status: "running", total: 4, skipped: 2, invalid: 1, duplicates: 1 });
    const skipped = await (
      await recipients(json("GET", `/api/v1/deliveries/${id}/recipients?state=skipped`, "viewer"), ctx(id))
    ).json();
    expect(skipped.items.map((r: { line: number }) => r.line)).toEqual([3, 4]);
    // The upload is deleted once imported.
    expect(fs.existsSync(uploadsDir()) ? fs.readdirSync(uploadsDir()) : []).toEqual([]);
  });

  it("refuses an unknown phone column, an unencodable or too long text, and an empty list with field errors", async () => {
    const badColumn = await POST(
      multipart("operator", { accountId, text: "Hi", phoneColumn: "gsm" }, "Name,Phone\nA,+33611111111\n"),
    );
    expect(badColumn.status).toBe(422);
    expect((await badColumn.json()).error.fields.phoneColumn).toMatch(/No column named "gsm"/);

    const tooLong = await POST(
      json("POST", "/api/v1/deliveries", "operator", { accountId, text: "x".repeat(1600), recipients: ["+33611111111"] }),
    );
    expect(tooLong.status).toBe(422);
    expect((await tooLong.json()).error.fields.text).toMatch(/^SMS too long/);

    const none = await POST(json("POST", "/api/v1/deliveries", "operator", { accountId, text: "Hi", recipients: [" "] }));
    expect((await none.json()).error.fields.recipients).toBe("Add at least one recipient");

    const noAccount = await POST(
      json("POST", "/api/v1/deliveries", "operator", { accountId: "nope", text: "Hi", recipients: ["+33611111111"] }),
    );
    expect((await noAccount.json()).error.fields.accountId).toBeDefined();
    expect(fs.existsSync(uploadsDir()) ? fs.readdirSync(uploadsDir()) : []).toEqual([]);
  });

  it("needs the operator role to send and the viewer role to read", async () => {
    const body = { accountId, text: "Hi", recipients: ["+33611111111"] };
    expect((await POST(json("POST", "/api/v1/deliveries", "viewer", body))).status).toBe(403);
    expect((await POST(json("POST", "/api/v1/deliveries", null, body))).status).toBe(401);
    const listed = await list(json("GET", "/api/v1/deliveries", "viewer"));
    expect(listed.status).toBe(200);
    expect((await listed.json()).items.length).toBeGreaterThan(0);
    expect((await getOne(json("GET", "/api/v1/deliveries/nope", "viewer"), ctx("nope"))).status).toBe(404);
  });
});

describe("POST /api/v1/deliveries/{id}/cancel", () => {
  it("cancels a running delivery once; a second cancel is a 409, a viewer gets a 403", async () => {
    const { id } = await (
      await POST(json("POST", "/api/v1/deliveries", "operator", { accountId, text: "Hi", recipients: ["+33622222222"] }))
    ).json();
    await importFinished(id);
    expect((await cancel(json("POST", `/api/v1/deliveries/${id}/cancel`, "viewer"), ctx(id))).status).toBe(403);
    const res = await cancel(json("POST", `/api/v1/deliveries/${id}/cancel`, "operator"), ctx(id));
    expect(res.status).toBe(200);
    expect((await res.json()).status).toBe("cancelled");
    const again = await cancel(json("POST", `/api/v1/deliveries/${id}/cancel`, "operator"), ctx(id));
    expect(again.status).toBe(409);
  });
});
