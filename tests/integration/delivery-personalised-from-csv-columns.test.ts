import { beforeAll, describe, expect, it } from "vitest";
import { POST as create } from "@/app/api/v1/deliveries/route";
import { POST as preview } from "@/app/api/v1/deliveries/preview/route";
import { db } from "@/lib/db";
import { importFinished } from "@/lib/deliveries/repository";
import type { ReceivedPdu, Simulator } from "@/simulator";
import { createSimAccount } from "../support/connector-test-kit";
import { roleTokens, submits, waitForStatus, withDispatcher } from "../support/delivery-test-kit";

// Issue 13, personalisation: `Hello {firstName}` takes each recipient's cell of the CSV column firstName. Each
// message is rendered, encoded and split on its own (GSM 03.38 for one name, UCS-2 for another, two parts for a long
// one), one too long for the delivery's maximum fails alone, and the text's mistakes are 422s on `text`.
let sim: Simulator;
withDispatcher((s) => {
  sim = s;
});
let tokens: Awaited<ReturnType<typeof roleTokens>>;
let accountId: string;
beforeAll(async () => {
  tokens = await roleTokens();
  accountId = await createSimAccount(sim);
});

const LONG_NAME = "Maximilian".repeat(15); // 150 characters: the message takes two parts
const TOO_LONG = "Bartholomew".repeat(40); // 440 characters: three parts, the delivery allows two
const CSV = [
  "phone;firstName;code;note",
  "+33612340001;Ann;A1;private",
  "+33612340002;Łucja;B2;private",
  `+33612340003;"Bob ""B"" Smith";C3;private`,
  `+33612340004;${LONG_NAME};D4;private`,
  `+33612340005;${TOO_LONG};E5;private`,
  "+33612340006;;F6;private",
  "+33612340001;Ann again;A1;duplicate",
].join("\n");
const TEXT = "Hello {firstName}, your code is { code } {{ok}}";
const expected = (name: string, code: string) => `Hello ${name}, your code is ${code} {ok}`;

const multipart = (path: string, fields: Record<string, string>, csv: string) => {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  form.set("file", new Blob([csv]), "people.csv");
  return new Request(`http://localhost${path}`, {
    method: "POST",
    headers: { authorization: `Bearer ${tokens.operator}` },
    body: form,
  });
};

/** The text each number received, its parts joined in order, and the data_coding of its parts. */
function received(pdus: ReceivedPdu[]): Map<string, { text: string; parts: number; dataCoding: number }> {
  const out = new Map<string, { text: string; parts: number; dataCoding: number }>();
  for (const p of pdus) {
    const to = String(p.fields.destination_addr);
    const sm = p.fields.short_message as { message?: string } | undefined;
    const prev = out.get(to);
    const text = (prev?.text ?? "") + (sm?.message ?? "");
    out.set(to, { text, parts: (prev?.parts ?? 0) + 1, dataCoding: Number(p.fields.data_coding) });
  }
  return out;
}

describe("a personalised delivery from a CSV's columns", () => {
  it("previews the first three messages, each counted on its own, and the messages that would fail", async () => {
    const res = await preview(multipart("/api/v1/deliveries/preview", { accountId, text: TEXT, maxParts: "2" }, CSV));
    const body = await res.json();
    expect(res.status, JSON.stringify(body)).toBe(200);
    expect(body.recipients).toMatchObject({ total: 7, valid: 6, duplicates: 1 });
    expect(body.samples.map((s: { text: string }) => s.text)).toEqual([
      expected("Ann", "A1"),
      expected("Łucja", "B2"),
      expected('Bob "B" Smith', "C3"),
    ]);
    expect(body.samples.map((s: { message: { encoding: string } }) => s.message.encoding)).toEqual(["gsm7", "ucs2", "gsm7"]);
    expect(body.samples.map((s: { line: number }) => s.line)).toEqual([2, 3, 4]);
    expect(body.unsendable).toBe(1);
    // Ann, Łucja, Bob and the empty name: 1 SMS each; the long name 2; the too long one is not counted.
    expect(body.estimate.messages).toBe(6);
  });

  it("sends each recipient its own text, stores only the named columns, and fails the one too long alone", async () => {
    const res = await create(multipart("/api/v1/deliveries", { accountId, text: TEXT, maxParts: "2" }, CSV));
    const { id } = await res.json();
    expect(res.status).toBe(201);
    await importFinished(id);
    const fields = await db.recipient.findFirst({ where: { deliveryId: id, number: "+33612340002" }, select: { fields: true } });
    expect(JSON.parse(fields!.fields!)).toEqual({ firstName: "Łucja", code: "B2" });
    await waitForStatus(id, "finished");

    const got = received(submits(sim.received).filter((p) => String(p.fields.destination_addr).startsWith("3361234000")));
    expect(got.get("33612340001")).toEqual({ text: expected("Ann", "A1"), parts: 1, dataCoding: 0 });
    expect(got.get("33612340002")).toEqual({ text: expected("Łucja", "B2"), parts: 1, dataCoding: 8 });
    expect(got.get("33612340003")?.text).toBe(expected('Bob "B" Smith', "C3"));
    expect(got.get("33612340004")).toMatchObject({ text: expected(LONG_NAME, "D4"), parts: 2 });
    expect(got.get("33612340006")?.text).toBe(expected("", "F6"));
    expect(got.has("33612340005")).toBe(false);
    const tooLong = await db.recipient.findFirst({ where: { deliveryId: id, number: "+33612340005" } });
    expect(tooLong).toMatchObject({ state: "failed" });
    expect(tooLong!.reason).toMatch(/too long: \d parts, the delivery allows 2/);
  });

  it("sends a text that names no column with its doubled braces made single, as the form counts it", async () => {
    const res = await create(
      new Request("http://localhost/api/v1/deliveries", {
        method: "POST",
        headers: { authorization: `Bearer ${tokens.operator}`, "content-type": "application/json" },
        body: JSON.stringify({ accountId, text: "Code {{A1}} inside", recipients: ["+33612340099"] }),
      }),
    );
    const { id } = await res.json();
    expect(res.status).toBe(201);
    await waitForStatus(id, "finished");
    expect(received(submits(sim.received)).get("33612340099")?.text).toBe("Code {A1} inside");
  });

  it("refuses a column the CSV lacks, a lone brace and placeholders without a CSV (422 on text), creating nothing", async () => {
    const before = await db.delivery.count();
    const typo = await create(multipart("/api/v1/deliveries", { accountId, text: "Hi {firstname}" }, CSV));
    expect(typo.status).toBe(422);
    expect((await typo.json()).error.fields.text).toMatch(/No CSV column for \{firstname\} \(did you mean \{firstName\}\?\)/);
    const brace = await create(multipart("/api/v1/deliveries", { accountId, text: "Hi {firstName" }, CSV));
    expect(brace.status).toBe(422);
    expect((await brace.json()).error.fields.text).toMatch(/without its "}" at character 4/);
    const listed = await create(
      new Request("http://localhost/api/v1/deliveries", {
        method: "POST",
        headers: { authorization: `Bearer ${tokens.operator}`, "content-type": "application/json" },
        body: JSON.stringify({ accountId, text: "Hi {firstName}", recipients: ["+33612340001"] }),
      }),
    );
    expect(listed.status).toBe(422);
    expect((await listed.json()).error.fields.text).toMatch(/take their values from a CSV upload's columns/);
    expect(await db.delivery.count()).toBe(before);
  });
});
