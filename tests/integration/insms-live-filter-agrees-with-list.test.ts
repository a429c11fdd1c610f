import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import type { InboundSms } from "@/lib/generated/prisma/client";
import { inboundSmsFilterSchema, matchesInboundFilters, originCandidates } from "@/lib/insms/filters";
import { readInboundPage } from "@/lib/insms/query";
import { accountRow } from "../support/account-row";

// The live feed filters rows in JavaScript (matchesInboundFilters), the list in SQL: a row pushed live must be a row
// the list would show with the same filters, and the other way round.
let rows: InboundSms[] = [];
let alpha = "";

beforeAll(async () => {
  const account = (label: string) => accountRow(label);
  alpha = (await account("alpha")).id;
  const beta = (await account("beta")).id;
  const texts = ["STOP", "stop now", "Stopped?", "hello", "Ünïcode STOP", "100% sure", "a_b", "ÉTÉ", "été"];
  const origins = ["33612345678", "+33612345678", "447700900123", "BANK", "bank"];
  await db.inboundSms.createMany({
    data: Array.from({ length: 90 }, (_, i) => ({
      accountId: i % 2 ? alpha : beta,
      origin: origins[i % origins.length],
      destination: "36000",
      message: texts[i % texts.length],
      dataCoding: 0,
      receivedAt: i % 11 === 0 ? null : new Date(Date.UTC(2026, 10, 20 + (i % 4), i % 24)),
    })),
  });
  rows = await db.inboundSms.findMany();
});

const cases: Record<string, string>[] = [
  { q: "stop" },
  { q: "STOP" },
  { q: "%" },
  { q: "_" },
  { q: "été" },
  { origin: "+33 6 12 34 56 78" },
  { origin: "33612345678" },
  { origin: "BANK" },
  { accountId: "ALPHA" },
  { since: "2026-11-21" },
  { until: "2026-11-21" },
  { since: "2026-11-21", until: "2026-11-22", q: "o" },
  { since: "2026-11-21T05:00:00Z", until: "2026-11-22T10:00" },
];

describe("live filter and list query", () => {
  it("parses a bare date as a whole UTC day, `until` included", () => {
    const f = inboundSmsFilterSchema.parse({ since: "2026-11-21", until: "2026-11-21" });
    expect(f.since!.toISOString()).toBe("2026-11-21T00:00:00.000Z");
    expect(f.until!.toISOString()).toBe("2026-11-22T00:00:00.000Z");
    expect(inboundSmsFilterSchema.parse({ since: "2026-11-21T10:30" }).since!.toISOString()).toBe("2026-11-21T10:30:00.000Z");
    expect(inboundSmsFilterSchema.safeParse({ since: "21/11/2026" }).success).toBe(false);
  });

  it("reads a number in any written form, an alphanumeric sender as typed", () => {
    expect(originCandidates("+33 6 12-34-56-78")).toEqual(["+33 6 12-34-56-78", "33612345678", "+33612345678"]);
    expect(originCandidates("BANK")).toEqual(["BANK"]);
  });

  for (const raw of cases) {
    it(`select the same rows for ${JSON.stringify(raw)}`, async () => {
      const input = { ...raw, ...(raw.accountId ? { accountId: alpha } : {}) };
      const f = inboundSmsFilterSchema.parse(input);
      const listed = (await readInboundPage(f, null, 500, 0)).rows.map((r) => r.id).sort((a, b) => a - b);
      const live = rows
        .filter((r) => matchesInboundFilters(r, f))
        .map((r) => r.id)
        .sort((a, b) => a - b);
      expect(live).toEqual(listed);
    });
  }
});
