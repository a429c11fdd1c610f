import { beforeAll, describe, expect, it } from "vitest";
import { GET as health } from "@/app/api/health/route";
import { GET as exportCsv } from "@/app/api/v1/insms/export/route";
import { GET as list } from "@/app/api/v1/insms/route";
import { createApiToken, createUser } from "@/lib/auth/users";
import { db } from "@/lib/db";
import { heavyReadLimit } from "@/lib/http/read-limit";
import { accountRow } from "../support/account-row";

// The list route and /api/health called with real Requests against this file's migrated SQLite database, with the
// heavy-read limit of lib/http/read-limit.ts at 1 running and 2 waiting. A slow heavy read is one this test holds
// open in the limiter (as a long read would): the list requests must wait for it, or be told 503 when too many
// wait, while /api/health answers.
process.env.API_READ_CONCURRENCY = "1";
process.env.API_READ_QUEUE = "2";

let token = "";

beforeAll(async () => {
  const u = await createUser({ email: "viewer@reads.example", password: "a-long-password", role: "viewer" });
  token = (await createApiToken(u.id, "test")).token;
  const account = await accountRow("alpha");
  await db.inboundSms.createMany({
    data: Array.from({ length: 20 }, (_, i) => ({
      accountId: account.id,
      origin: `44790000${String(i).padStart(4, "0")}`,
      destination: "36000",
      message: `hello ${i}`,
      dataCoding: 0,
      receivedAt: new Date(Date.UTC(2026, 10, 20, 8, i)),
    })),
  });
});

const get = (signal?: AbortSignal) =>
  list(new Request("http://localhost/api/v1/insms?limit=5", { headers: { authorization: `Bearer ${token}` }, signal }));

/** Holds the one heavy-read slot until release() (a slow read in progress). */
function holdSlot() {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const held = heavyReadLimit().run(() => gate);
  expect(held).not.toBeNull();
  return { release, held: held! };
}

/** Several turns of the event loop: time for anything that is not waiting to finish. */
async function turns(n = 50) {
  for (let i = 0; i < n; i++) await new Promise((r) => setImmediate(r));
}

function track(p: Promise<Response>) {
  const t = { settled: false, response: p };
  void p.finally(() => (t.settled = true));
  return t;
}

describe("heavy list reads wait their turn", () => {
  it("a list read waits while the slot is taken, /api/health answers meanwhile, and the read runs once it frees", async () => {
    const slot = holdSlot();
    const waiting = track(get());
    const h = await health();
    expect(h.status).toBe(200);
    expect((await h.json()).database).toBe("ok");
    await turns();
    expect(waiting.settled).toBe(false);

    slot.release();
    await slot.held;
    const res = await waiting.response;
    expect(res.status).toBe(200);
    expect((await res.json()).items).toHaveLength(5);
  });

  it("beyond the waiting queue: 503 busy with Retry-After at once; the queued ones are answered after", async () => {
    const slot = holdSlot();
    const queued = [track(get()), track(get())];
    const refused = await get();
    expect(refused.status).toBe(503);
    expect(refused.headers.get("retry-after")).toBe("1");
    expect(await refused.json()).toEqual({ error: { code: "busy", message: expect.stringMatching(/try again/) } });
    await turns();
    expect(queued.map((q) => q.settled)).toEqual([false, false]);

    slot.release();
    await slot.held;
    for (const q of queued) expect((await q.response).status).toBe(200);
    // The queue is free again.
    expect((await get()).status).toBe(200);
  });

  it("each batch of a CSV export already under way waits for the slot too", async () => {
    const res = await exportCsv(
      new Request("http://localhost/api/v1/insms/export", { headers: { authorization: `Bearer ${token}` } }),
    );
    expect(res.status).toBe(200);
    // Taken before the header is read: reading it is what asks the stream for its first batch of rows.
    const slot = holdSlot();
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    const header = decoder.decode((await reader.read()).value);
    expect(header).toMatch(/^id,/);
    const batch = reader.read();
    let arrived = false;
    void batch.then(() => (arrived = true));
    await turns();
    expect(arrived).toBe(false);

    slot.release();
    await slot.held;
    const rows = decoder.decode((await batch).value);
    expect(rows.trim().split("\n")).toHaveLength(20);
    await reader.cancel();
  });

  it("a read whose client went away while it waited is not run", async () => {
    const slot = holdSlot();
    const gone = new AbortController();
    const waiting = get(gone.signal);
    gone.abort();
    slot.release();
    await slot.held;
    expect((await waiting).status).toBe(499);
  });
});
