import fs from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { GET as getOne } from "@/app/api/v1/deliveries/[id]/route";
import { POST as cancel } from "@/app/api/v1/deliveries/[id]/cancel/route";
import { GET as exportCsv } from "@/app/api/v1/deliveries/[id]/export/route";
import { GET as list, POST } from "@/app/api/v1/deliveries/route";
import { POST as preview } from "@/app/api/v1/deliveries/preview/route";
import { db } from "@/lib/db";
import { importFinished } from "@/lib/deliveries/repository";
import { uploadsDir } from "@/lib/deliveries/multipart-upload";
import { addToQuarantine } from "@/lib/quarantine/store";
import type { Connector } from "@/lib/connector/service";
import type { Simulator } from "@/simulator";
import { createSimAccount } from "../support/connector-test-kit";
import { frenchMobiles, roleTokens, submits, waitForStatus, withDispatcher } from "../support/delivery-test-kit";

// Issue 13, deliveries a marketer can run: the confirmation step's dry-run, a name, a scheduled start run by the
// dispatcher through the simulator, and the recipient lists as CSV.
let sim: Simulator;
let connector: Connector;
withDispatcher((s, c) => {
  sim = s;
  connector = c;
});

let tokens: Awaited<ReturnType<typeof roleTokens>>;
let accountId: string;

beforeAll(async () => {
  tokens = await roleTokens();
  accountId = await createSimAccount(sim, {
    connection: { connections: 2 },
    channel: { shortCode: "38200" },
    throughput: { mtPerSecond: 5, window: 10 },
  });
  await addToQuarantine("+33 6 99 99 99 98", "", "STOP received");
  await connector.waitForState(accountId, "bound");
});

const json = (method: string, path: string, body?: unknown) =>
  new Request(`http://localhost${path}`, {
    method,
    headers: { authorization: `Bearer ${tokens.operator}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
const ctx = (id: string) => ({ params: Promise.resolve({ id }) });
const read = async (id: string) => (await getOne(json("GET", `/api/v1/deliveries/${id}`), ctx(id))).json();

const RECIPIENTS = [
  "+33612345601",
  "0033 6 12 34 56 01", // the same number
  "+33612345602",
  "+33699999998", // quarantined
  "=HYPERLINK(1)", // invalid, a formula in a spreadsheet
  "+1 202",
  "+33612345603",
];
// 161 GSM characters: two parts.
const LONG_TEXT = "Soldes ".repeat(23);

describe("POST /api/v1/deliveries/preview", () => {
  it("counts valid, invalid, duplicate and quarantined numbers, parts, encoding and duration, and creates nothing", async () => {
    const before = await db.delivery.count();
    const res = await preview(json("POST", "/api/v1/deliveries/preview", { accountId, text: LONG_TEXT, recipients: RECIPIENTS }));
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.recipients).toEqual({ total: 7, valid: 3, invalid: 2, duplicates: 1, quarantined: 1 });
    expect(body.message).toMatchObject({ encoding: "gsm7", characters: 161, parts: 2 });
    // 3 valid × 2 parts = 6 MT at 5 MT/s × 2 connections.
    expect(body.estimate).toEqual({ mtPerSecond: 10, connections: 2, messages: 6, seconds: 1 });
    expect(await db.delivery.count()).toBe(before);
  });

  it("checks an uploaded CSV and deletes it", async () => {
    const form = new FormData();
    form.set("accountId", accountId);
    form.set("text", "Hello");
    form.set("file", new Blob(["name;mobile\nA;+33612345611\nB;+33612345611\nC;oops\nD;+33699999998\n"]), "l.csv");
    const uploadsBefore = fs.existsSync(uploadsDir()) ? fs.readdirSync(uploadsDir()).length : 0;
    const res = await preview(
      new Request("http://localhost/api/v1/deliveries/preview", {
        method: "POST",
        headers: { authorization: `Bearer ${tokens.operator}` },
        body: form,
      }),
    );
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.recipients).toEqual({ total: 4, valid: 1, invalid: 1, duplicates: 1, quarantined: 1 });
    expect(body.message).toMatchObject({ parts: 1 });
    expect(fs.existsSync(uploadsDir()) ? fs.readdirSync(uploadsDir()).length : 0).toBe(uploadsBefore);
  });

  it("refuses what the creation refuses (422 with the field), and a viewer", async () => {
    const res = await preview(json("POST", "/api/v1/deliveries/preview", { accountId, text: "", recipients: ["+33612345601"] }));
    expect(res.status).toBe(422);
    expect((await res.json()).error.fields.text).toBeTruthy();
    const viewer = await preview(
      new Request("http://localhost/api/v1/deliveries/preview", {
        method: "POST",
        headers: { authorization: `Bearer ${tokens.viewer}`, "content-type": "application/json" },
        body: JSON.stringify({ accountId, text: "x", recipients: ["+33612345601"] }),
      }),
    );
    expect(viewer.status).toBe(403);
  });
});

describe("a delivery's name and scheduled start", () => {
  it("waits 'scheduled' until its start, then the dispatcher sends it to the end; name on the list and the page", async () => {
    const numbers = frenchMobiles(4, 70_000);
    const scheduledAt = new Date(Date.now() + 2000);
    const res = await POST(
      json("POST", "/api/v1/deliveries", { accountId, name: "Black Friday", text: "Hi", recipients: numbers, scheduledAt }),
    );
    expect(res.status).toBe(201);
    const { id } = await res.json();
    await importFinished(id);
    const waiting = await read(id);
    expect(waiting).toMatchObject({ name: "Black Friday", status: "scheduled", scheduledAt: scheduledAt.toISOString() });
    expect(waiting.startedAt).toBeNull();
    const sentBefore = submits(sim.received).length;
    expect(await db.recipient.count({ where: { deliveryId: id, state: "pending" } })).toBe(4);

    const done = await waitForStatus(id, "finished", 20_000);
    expect(done.sent).toBe(4);
    expect(submits(sim.received).length - sentBefore).toBe(4);
    expect(Date.parse(done.startedAt!)).toBeGreaterThanOrEqual(scheduledAt.getTime());
    const listed = (await (await list(json("GET", "/api/v1/deliveries"))).json()).items.find((d: { id: string }) => d.id === id);
    expect(listed.name).toBe("Black Friday");
  });

  it("is cancelled while scheduled and never sends; a past start or a long name is refused", async () => {
    const numbers = frenchMobiles(2, 71_000);
    const res = await POST(
      json("POST", "/api/v1/deliveries", {
        accountId,
        text: "Later",
        recipients: numbers,
        scheduledAt: new Date(Date.now() + 3_600_000).toISOString(),
        validityPeriodSeconds: 600,
      }),
    );
    const { id } = await res.json();
    await importFinished(id);
    const scheduled = await read(id);
    expect(scheduled.status).toBe("scheduled");
    // The validity period counts from the scheduled start, not from the creation.
    expect(Date.parse(scheduled.options.validUntil) - Date.parse(scheduled.scheduledAt)).toBe(600_000);
    expect((await read(id)).name).toMatch(/^Delivery of \d{4}-\d\d-\d\d \d\d:\d\d UTC$/);
    expect((await cancel(json("POST", `/api/v1/deliveries/${id}/cancel`), ctx(id))).status).toBe(200);
    expect((await read(id)).status).toBe("cancelled");
    expect(await db.recipient.count({ where: { deliveryId: id, state: "pending" } })).toBe(2);

    const past = await POST(
      json("POST", "/api/v1/deliveries", { accountId, text: "x", recipients: numbers, scheduledAt: "2020-01-01T00:00:00Z" }),
    );
    expect(past.status).toBe(422);
    expect((await past.json()).error.fields.scheduledAt).toBe("Must be in the future");
    const long = await POST(
      json("POST", "/api/v1/deliveries", { accountId, name: "n".repeat(101), text: "x", recipients: numbers }),
    );
    expect((await long.json()).error.fields.name).toBe("At most 100 characters");
  });
});

describe("GET /api/v1/deliveries/{id}/export", () => {
  it("gives the skipped recipients as CSV with their reasons, formulas neutralised", async () => {
    const res = await POST(json("POST", "/api/v1/deliveries", { accountId, text: "Hi", recipients: RECIPIENTS }));
    const { id } = await res.json();
    await waitForStatus(id, "finished", 20_000);
    const csv = await exportCsv(json("GET", `/api/v1/deliveries/${id}/export?state=skipped`), ctx(id));
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-type")).toMatch(/^text\/csv/);
    expect(csv.headers.get("content-disposition")).toContain(`delivery-${id}-skipped.csv`);
    const lines = (await csv.text()).trim().split(/\r?\n/);
    expect(lines[0]).toBe("number,line,state,reason,errorCode,possiblyDuplicated");
    expect(lines).toHaveLength(5);
    expect(lines[1]).toMatch(/^0033 6 12 34 56 01,2,skipped,Duplicate/);
    expect(lines[2]).toMatch(/^\+33699999998,4,skipped,Quarantined: STOP received/);
    expect(lines[3]).toMatch(/^'=HYPERLINK\(1\),5,skipped,"Invalid number/);
    const failed = await exportCsv(json("GET", `/api/v1/deliveries/${id}/export?state=failed`), ctx(id));
    expect((await failed.text()).trim()).toBe("number,line,state,reason,errorCode,possiblyDuplicated");
    expect((await exportCsv(json("GET", `/api/v1/deliveries/${id}/export?state=all`), ctx(id))).status).toBe(422);
    expect((await exportCsv(json("GET", `/api/v1/deliveries/nope/export`), ctx("nope"))).status).toBe(404);
  });
});
