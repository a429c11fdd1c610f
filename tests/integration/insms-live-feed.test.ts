import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { GET as stream } from "@/app/api/v1/insms/stream/route";
import { createApiToken, createUser } from "@/lib/auth/users";
import { db } from "@/lib/db";
import { publishInboundSms } from "@/lib/insms/live";
import { accountRow } from "../support/account-row";

// The SSE route handler read as a real stream: rows published in-process arrive at once, rows written without a
// publish (another process) arrive through the poll; filters apply to both.
let token = "";
let alpha = "";
let beta = "";
const open: AbortController[] = [];

beforeAll(async () => {
  const u = await createUser({ email: "viewer@live.example", password: "a-long-password", role: "viewer" });
  token = (await createApiToken(u.id, "test")).token;
  const account = (label: string) => accountRow(label);
  alpha = (await account("alpha")).id;
  beta = (await account("beta")).id;
});

afterEach(() => {
  for (const c of open.splice(0)) c.abort();
});

async function subscribe(query = "", lastEventId?: number) {
  const abort = new AbortController();
  open.push(abort);
  const headers: Record<string, string> = { authorization: `Bearer ${token}` };
  if (lastEventId) headers["last-event-id"] = String(lastEventId);
  const res = await stream(new Request(`http://localhost/api/v1/insms/stream${query}`, { headers, signal: abort.signal }));
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toMatch(/^text\/event-stream/);
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  /** The next `event: insms` item, or throws after the deadline. */
  const next = async (deadlineMs = 10_000): Promise<{ id: number; message: string; accountId: string }> => {
    const deadline = Date.now() + deadlineMs;
    for (;;) {
      const end = buffer.indexOf("\n\n");
      if (end >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (block.includes("event: insms")) return JSON.parse(/^data: (.*)$/m.exec(block)![1]);
        continue;
      }
      const left = deadline - Date.now();
      if (left <= 0) throw new Error("no insms event before the deadline");
      let timer: NodeJS.Timeout | undefined;
      const chunk = await Promise.race([reader.read(), new Promise<null>((r) => (timer = setTimeout(() => r(null), left)))]);
      clearTimeout(timer);
      if (chunk === null) throw new Error("no insms event before the deadline");
      if (chunk.done) throw new Error("stream ended");
      buffer += decoder.decode(chunk.value, { stream: true });
    }
  };
  // wait for the "ready" event so the subscription exists before the test publishes
  for (;;) {
    const { value, done } = await reader.read();
    if (done) throw new Error("stream ended before ready");
    buffer += decoder.decode(value, { stream: true });
    const i = buffer.indexOf("event: ready");
    if (i >= 0) {
      buffer = buffer.slice(buffer.indexOf("\n\n", i) + 2);
      break;
    }
  }
  return { next, abort };
}

const row = (accountId: string, message: string) =>
  db.inboundSms.create({
    data: { accountId, origin: "33612345678", destination: "36000", message, dataCoding: 0, receivedAt: new Date() },
  });

describe("GET /api/v1/insms/stream", () => {
  it("pushes a published row, and a row written without publish through the poll, each once", async () => {
    const feed = await subscribe();
    const a = await row(alpha, "published");
    publishInboundSms(a);
    expect(await feed.next()).toMatchObject({ id: a.id, message: "published" });
    const b = await row(alpha, "written elsewhere");
    expect(await feed.next()).toMatchObject({ id: b.id, message: "written elsewhere" });
    // the poll sees the published row again; it must not be sent twice
    const c = await row(alpha, "third");
    publishInboundSms(c);
    expect((await feed.next()).id).toBe(c.id);
  });

  it("sends only rows passing the filters", async () => {
    const feed = await subscribe(`?accountId=${alpha}&q=keep`);
    for (const r of [await row(beta, "keep but other account"), await row(alpha, "drop me"), await row(alpha, "KEEP this")])
      publishInboundSms(r);
    expect(await feed.next()).toMatchObject({ message: "KEEP this", accountId: alpha });
  });

  it("resumes after Last-Event-ID when the browser reconnects", async () => {
    const before = await row(alpha, "before reconnect");
    const missed = await row(alpha, "missed while away");
    const feed = await subscribe("", before.id);
    expect(await feed.next()).toMatchObject({ id: missed.id });
  });

  it("refuses readers without a token", async () => {
    expect((await stream(new Request("http://localhost/api/v1/insms/stream"))).status).toBe(401);
  });
});
