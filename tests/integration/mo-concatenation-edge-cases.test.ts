import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAccount } from "@/lib/accounts/repository";
import { closeWriter, getWriter } from "@/lib/storage/writer";
import { db } from "@/lib/db";
import { dropStaleInboundParts, storeMoBatch, type MoToStore } from "@/lib/insms/store";

let accountId = "";

beforeAll(async () => {
  const r = await createAccount(
    { label: "Concat", connection: { host: "127.0.0.1", port: 2775, systemId: "x", password: "y" } },
    "test",
  );
  if (!r.ok) throw new Error(r.message);
  accountId = r.account.id;
});

afterAll(() => closeWriter());

const segment = (origin: string, reference: number, total: number, sequence: number, text: string): MoToStore => ({
  accountId,
  store: true,
  origin,
  destination: "36111",
  dataCoding: 0,
  text,
  concat: { reference, total, sequence, referenceBits: 8 },
  rules: [],
});

const rows = (origin: string) => db.inboundSms.findMany({ where: { origin }, select: { message: true } });

describe("concatenated MO edge cases", () => {
  it("joins segments that arrive out of order, in separate batches", async () => {
    const w = getWriter();
    expect((await storeMoBatch(w, [segment("1001", 7, 3, 3, "three")]))[0].complete).toBe(false);
    await storeMoBatch(w, [segment("1001", 7, 3, 1, "one ")]);
    const [last] = await storeMoBatch(w, [segment("1001", 7, 3, 2, "two ")]);
    expect(last).toMatchObject({ complete: true, text: "one two three" });
    expect(await rows("1001")).toEqual([{ message: "one two three" }]);
    expect(await db.inboundPart.count({ where: { origin: "1001" } })).toBe(0);
  });

  it("counts a segment the SMSC delivered twice once", async () => {
    const w = getWriter();
    await storeMoBatch(w, [segment("1002", 9, 2, 1, "a"), segment("1002", 9, 2, 1, "a")]);
    await storeMoBatch(w, [segment("1002", 9, 2, 2, "b")]);
    expect(await rows("1002")).toEqual([{ message: "ab" }]);
  });

  it("drops the leftovers of an older message that reused the reference with another total", async () => {
    const w = getWriter();
    await storeMoBatch(w, [segment("1003", 5, 4, 1, "old ")]);
    await storeMoBatch(w, [segment("1003", 5, 2, 1, "new "), segment("1003", 5, 2, 2, "message")]);
    expect(await rows("1003")).toEqual([{ message: "new message" }]);
    expect(await db.inboundPart.count({ where: { origin: "1003" } })).toBe(0);
  });

  it("joins a UCS-2 surrogate pair that the SMSC split across two segments", async () => {
    const w = getWriter();
    const smile = "😀";
    await storeMoBatch(w, [segment("1004", 1, 2, 1, `hi ${smile[0]}`), segment("1004", 1, 2, 2, `${smile[1]}!`)]);
    expect(await rows("1004")).toEqual([{ message: `hi ${smile}!` }]);
  });

  it("forgets segments whose siblings never came after a day", async () => {
    const w = getWriter();
    await storeMoBatch(w, [segment("1005", 3, 2, 1, "lonely")]);
    await db.inboundPart.updateMany({ where: { origin: "1005" }, data: { createdAt: new Date(Date.now() - 25 * 3600_000) } });
    await storeMoBatch(w, [segment("1006", 3, 2, 1, "recent")]);
    expect(await dropStaleInboundParts(w)).toBe(1);
    expect((await db.inboundPart.findMany({ select: { origin: true } })).map((p) => p.origin)).toEqual(["1006"]);
  });
});
