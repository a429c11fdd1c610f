import fs from "node:fs";
import { parse } from "csv-parse/sync";
import { beforeAll, describe, expect, it } from "vitest";
import { GET as exportCsv } from "@/app/api/v1/quarantine/export/route";
import { POST as importCsv } from "@/app/api/v1/quarantine/import/route";
import { createAccount } from "@/lib/accounts/repository";
import { db } from "@/lib/db";
import { uploadsDir } from "@/lib/deliveries/multipart-upload";
import { addToQuarantine } from "@/lib/quarantine/store";
import { roleTokens } from "../support/role-users";

// Issue 13: the quarantine list imported from a CSV (batched, every bad line counted, a bad file refused) and
// exported as a CSV naming the accounts each entry stops.
let tokens: Awaited<ReturnType<typeof roleTokens>>;

beforeAll(async () => {
  tokens = await roleTokens("qcsv.example");
  for (const [label, shortCode] of [
    ["Promo FR", "38200"],
    ["Promo BE", "38200"],
    ["Alerts", "36111"],
  ]) {
    const r = await createAccount(
      {
        label,
        internalName: label.toLowerCase().replace(" ", "_"),
        enabled: false,
        connection: { host: "127.0.0.1", port: 2775, systemId: "sys", password: "secret" },
        channel: { shortCode },
      },
      "test",
    );
    if (!r.ok) throw new Error(`account not created: ${JSON.stringify(r)}`);
  }
  await addToQuarantine("+33 6 99 99 99 01", "", 'MO "STOP"');
});

const upload = (role: "operator" | "viewer", content: BlobPart, name = "list.csv") => {
  const form = new FormData();
  form.set("file", new Blob([content]), name);
  return importCsv(
    new Request("http://localhost/api/v1/quarantine/import", {
      method: "POST",
      headers: { authorization: `Bearer ${tokens[role]}` },
      body: form,
    }),
  );
};

const CSV = [
  "name;Mobile;Reason;Short code",
  "A;+33 6 12 34 56 01;asked by phone;", // new, all short codes
  "B;0033612345601;;", // duplicate of line 2
  "C;+33612345601;;38200", // the same number for one short code: new
  "D;call me;;", // invalid
  "E;+33699999901;;", // already quarantined (by an MO): reason kept
  "F;+33 6 99 99 99 01;;36111", // new, another short code
  "G;+1 202;;", // invalid: too short
  'H;+33612345602;"=HYPERLINK(""http://x"")";', // new, a formula as reason
  "I;+33612345602;;", // duplicate
].join("\n");

describe("POST /api/v1/quarantine/import", () => {
  it("adds valid numbers in their normal form, counts invalid, duplicate and already quarantined lines", async () => {
    const uploadsBefore = fs.existsSync(uploadsDir()) ? fs.readdirSync(uploadsDir()).length : 0;
    const res = await upload("operator", CSV);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      total: 9,
      added: 4,
      updated: 1,
      duplicates: 2,
      invalid: 2,
      invalidLines: [
        { line: 5, value: "call me", error: "Digits only (with an optional leading +, spaces and dashes)" },
        { line: 8, value: "+1 202", error: "An international number has 6 to 15 digits" },
      ],
    });
    const rows = await db.quarantine.findMany({
      orderBy: { id: "asc" },
      select: { number: true, shortCode: true, reason: true },
    });
    expect(rows).toEqual([
      { number: "33699999901", shortCode: "", reason: 'MO "STOP"' },
      { number: "33612345601", shortCode: "", reason: "asked by phone" },
      { number: "33612345601", shortCode: "38200", reason: "CSV import" },
      { number: "33699999901", shortCode: "36111", reason: "CSV import" },
      { number: "33612345602", shortCode: "", reason: '=HYPERLINK("http://x")' },
    ]);
    // The upload is deleted once read.
    expect(fs.readdirSync(uploadsDir()).length).toBe(uploadsBefore);
  });

  it("updates the reason of an existing entry when the line gives one, and adds nothing twice", async () => {
    const res = await upload("operator", "number,reason\n+33612345601,asked twice\n+33612345603,\n");
    expect(await res.json()).toMatchObject({ total: 2, added: 1, updated: 1, duplicates: 0, invalid: 0 });
    expect(
      await db.quarantine.findUnique({ where: { number_shortCode: { number: "33612345601", shortCode: "" } } }),
    ).toMatchObject({ reason: "asked twice" });
    expect(await db.quarantine.count()).toBe(6);
  });

  it("lists the first 20 invalid lines only, and writes 5,000 lines in batches", async () => {
    const lines = ["phone"];
    for (let i = 0; i < 5000; i++) lines.push(`+3370${String(i).padStart(7, "0")}`);
    for (let i = 0; i < 30; i++) lines.push(`bad${i}`);
    const body = await (await upload("operator", lines.join("\r\n"))).json();
    expect(body).toMatchObject({ total: 5030, added: 5000, invalid: 30 });
    expect(body.invalidLines).toHaveLength(20);
    expect(body.invalidLines[0]).toMatchObject({ line: 5002, value: "bad0" });
    expect(await db.quarantine.count({ where: { number: { startsWith: "3370" } } })).toBe(5000);
  });

  it("refuses a viewer (403), a binary file, an empty file, a missing number column and a too long record (422)", async () => {
    expect((await upload("viewer", "number\n+33612345699\n")).status).toBe(403);
    const binary = await upload("operator", new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0, 0, 0x14, 0, 0xff, 0x00]), "x.xlsx");
    expect(binary.status).toBe(422);
    expect((await binary.json()).error.fields.file).toBe("The file is not a CSV text file (it holds binary data)");
    const empty = await upload("operator", "");
    expect(empty.status).toBe(422);
    expect((await empty.json()).error.fields.file).toBe("The CSV file is empty");
    const header = await upload("operator", "name\n");
    expect(header.status).toBe(422);
    expect((await header.json()).error.fields.file).toBe("The CSV file has no number under its header");
    const noColumn = await upload("operator", "name,city\nA,Paris\n");
    expect(noColumn.status).toBe(422);
    expect((await noColumn.json()).error.fields.file).toMatch(/^Pick the phone column/);
    const long = await upload("operator", `number\n+33612345698\n${"9".repeat(70 * 1024)}\n`);
    expect(long.status).toBe(422);
    const refused = await long.json();
    expect(refused.error.fields.file).toMatch(/a record is longer than 65,536 bytes/);
    expect(refused.error.fields.file.length).toBeLessThan(300);
    const noFile = await importCsv(
      new Request("http://localhost/api/v1/quarantine/import", {
        method: "POST",
        headers: { authorization: `Bearer ${tokens.operator}` },
        body: new FormData(),
      }),
    );
    expect(noFile.status).toBe(422);
    expect(await db.quarantine.count({ where: { number: "33612345699" } })).toBe(0);
  });
});

describe("GET /api/v1/quarantine/export", () => {
  const get = async (query: string, role: "viewer" | null = "viewer") =>
    exportCsv(
      new Request(`http://localhost/api/v1/quarantine/export${query}`, {
        headers: role ? { authorization: `Bearer ${tokens[role]}` } : {},
      }),
    );

  it("streams every entry (5,000+ rows, read 500 at a time) with the accounts of its short code, formulas neutralised", async () => {
    const res = await get("");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="quarantine-\d{8}-\d{4}\.csv"$/);
    const records = parse(await res.text()) as string[][];
    expect(records[0]).toEqual(["number", "shortCode", "accounts", "reason", "createdAt"]);
    const byKey = new Map(records.slice(1).map((r) => [`${r[0]}/${r[1]}`, r]));
    expect(records.length - 1).toBe(await db.quarantine.count());
    expect(byKey.size).toBe(records.length - 1);
    expect(byKey.get("+33612345601/38200")!.slice(0, 4)).toEqual(["+33612345601", "38200", "Promo FR, Promo BE", "CSV import"]);
    expect(byKey.get("+33699999901/36111")![2]).toBe("Alerts");
    expect(byKey.get("+33699999901/")!.slice(2, 4)).toEqual(["All accounts", 'MO "STOP"']);
    expect(byKey.get("+33612345602/")![3]).toBe(`'=HYPERLINK("http://x")`);
    for (const r of records.slice(1)) expect(r[4]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  it("exports only what the page's search lists", async () => {
    const records = parse(await (await get("?q=%2B33+6+1234+56")).text()) as string[][];
    expect(records.slice(1).map((r) => `${r[0]}/${r[1]}`)).toEqual([
      "+33612345603/",
      "+33612345602/",
      "+33612345601/38200",
      "+33612345601/",
    ]);
  });

  it("needs a signed-in user", async () => {
    expect((await get("", null)).status).toBe(401);
  });
});
