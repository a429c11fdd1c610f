import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { MAX_SEQUENCE, RequestTracker } from "@/lib/smpp/request-tracker";

type Req = { name: string; seq: number; deadline: number; timeoutMs: number };
const req = (name: string, timeoutMs: number): Req => ({ name, seq: 0, deadline: 0, timeoutMs });

function tracker(lastSequence = 0) {
  const expired: string[][] = [];
  const t = new RequestTracker<Req>((items) => expired.push(items.map((r) => r.name)), lastSequence);
  const send = (r: Req) => {
    r.seq = t.nextSequence();
    t.track(r);
    return r;
  };
  return { t, expired, send };
}

describe("RequestTracker", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("numbers requests from 1 and wraps after 0x7FFFFFFF back to 1, never 0 nor a negative number", () => {
    expect(tracker().t.nextSequence()).toBe(1);
    const { t } = tracker(MAX_SEQUENCE - 2);
    expect([t.nextSequence(), t.nextSequence(), t.nextSequence(), t.nextSequence()]).toEqual([
      MAX_SEQUENCE - 1,
      MAX_SEQUENCE,
      1,
      2,
    ]);
  });

  it("hands back the request a response answers once; a late or stray answer finds nothing", () => {
    const { t, send } = tracker();
    const a = send(req("a", 1000));
    const b = send(req("b", 1000));
    expect(t.size).toBe(2);
    expect(t.settle(b.seq)).toBe(b);
    expect(t.settle(b.seq)).toBeUndefined();
    expect(t.settle(99)).toBeUndefined();
    expect(t.settle(a.seq)).toBe(a);
    expect(t.size).toBe(0);
  });

  it("expires each request at its own deadline with one timer, the answered ones never", () => {
    const { t, expired, send } = tracker();
    send(req("slow", 3000));
    const answered = send(req("answered", 1000));
    send(req("fast", 1000));
    send(req("middle", 2000));
    expect(vi.getTimerCount()).toBe(1);
    t.settle(answered.seq);
    vi.advanceTimersByTime(999);
    expect(expired).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(expired).toEqual([["fast"]]);
    expect(vi.getTimerCount()).toBe(1);
    vi.advanceTimersByTime(1000);
    expect(expired).toEqual([["fast"], ["middle"]]);
    vi.advanceTimersByTime(1000);
    expect(expired).toEqual([["fast"], ["middle"], ["slow"]]);
    expect(t.size).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("brings the timer forward for a request due sooner than every pending one", () => {
    const { expired, send } = tracker();
    send(req("long", 10_000));
    send(req("short", 100));
    vi.advanceTimersByTime(100);
    expect(expired).toEqual([["short"]]);
  });

  it("returns what is still pending on stop, and expires nothing after", () => {
    const { t, expired, send } = tracker();
    send(req("a", 1000));
    send(req("b", 2000));
    expect(t.stop().map((r) => r.name)).toEqual(["a", "b"]);
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(5000);
    expect(expired).toEqual([]);
  });
});
