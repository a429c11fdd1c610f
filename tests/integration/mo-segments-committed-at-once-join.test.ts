import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { storeMoBatch, type MoToStore } from "@/lib/insms/store";
import { closeWriter, getWriter } from "@/lib/storage/writer";
import { testBackend } from "../support/temp-db";
import { accountRow } from "../support/account-row";

// PostgreSQL (issue 10): the two segments of one long MO can be committed by two transactions at once (two nodes whose
// binds each got one segment). Each must not read the other's segment
// as missing: every message is stored once, whole, and no segment is left held.
const onPostgres = testBackend() === "postgres";
let accountId = "";

beforeAll(async () => {
  if (!onPostgres) return;
  accountId = (await accountRow("concat")).id;
});

afterAll(async () => {
  if (onPostgres) await closeWriter();
});

const segment = (message: number, sequence: 1 | 2): MoToStore => ({
  accountId,
  store: true,
  origin: `3360000${String(message).padStart(4, "0")}`,
  destination: "36111",
  dataCoding: 0,
  text: sequence === 1 ? `message ${message} first half, ` : "second half",
  concat: { reference: message % 256, total: 2, sequence, referenceBits: 8 },
  rules: [],
});

describe.runIf(onPostgres)("segments of one MO committed by two transactions at once", () => {
  it("joins every message once", async () => {
    const writer = getWriter();
    const messages = 40;
    const results = await Promise.all(
      Array.from({ length: messages }, (_, m) => [
        storeMoBatch(writer, [segment(m, 1)]),
        storeMoBatch(writer, [segment(m, 2)]),
      ]).flat(),
    );
    expect(results.flat().filter((r) => r.complete)).toHaveLength(messages);
    const rows = await db.inboundSms.findMany({ where: { accountId }, orderBy: { origin: "asc" } });
    expect(rows.map((r) => r.message)).toEqual(
      Array.from({ length: messages }, (_, m) => `message ${m} first half, second half`),
    );
    expect(await db.inboundPart.count()).toBe(0);
  });
});
