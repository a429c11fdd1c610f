import { performance } from "node:perf_hooks";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { SubmitQueue } from "@/lib/smpp/submit-queue";

type Item = { n: number; slot: number };
const item = (n: number): Item => ({ n, slot: -1 });

function queue(window: number, mtPerSecond = 0) {
  const sent: Item[] = [];
  const q = new SubmitQueue<Item>(window, mtPerSecond, (i) => sent.push(i));
  return { q, sent, numbers: () => sent.map((i) => i.n) };
}

describe("SubmitQueue", () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
    // The queue reads node:perf_hooks' clock, which fake timers leave alone: make it follow the fake Date.
    vi.spyOn(performance, "now").mockImplementation(() => Date.now());
  });
  afterEach(() => {
    vi.restoreAllMocks();
    vi.useRealTimers();
  });

  it("sends at once while the window has room, queues the rest in order, and sends one per slot freed", () => {
    const { q, sent, numbers } = queue(2);
    for (let n = 1; n <= 5; n++) q.offer(item(n));
    expect(numbers()).toEqual([1, 2]);
    expect([q.inFlight, q.waiting]).toEqual([2, 3]);
    q.release(sent[0]);
    q.pump();
    expect(numbers()).toEqual([1, 2, 3]);
    q.release(sent[1]);
    q.release(sent[2]);
    q.pump();
    expect(numbers()).toEqual([1, 2, 3, 4, 5]);
    expect([q.inFlight, q.waiting]).toEqual([2, 0]);
  });

  it("lets a new submit_sm go behind the waiting ones, never before them", () => {
    const { q, sent, numbers } = queue(1);
    q.offer(item(1));
    q.offer(item(2));
    q.release(sent[0]);
    q.offer(item(3)); // room now, but 2 waits first
    expect(numbers()).toEqual([1, 2]);
    expect(q.waiting).toBe(1);
  });

  it("holds submit_sm past the MT limit until a second after a slot's response, then sends them on a timer", () => {
    const { q, sent, numbers } = queue(10, 2);
    for (let n = 1; n <= 4; n++) q.offer(item(n));
    expect(numbers()).toEqual([1, 2]);
    expect(sent.map((i) => i.slot)).toEqual([0, 1]);
    q.release(sent[0]);
    q.pump();
    expect(numbers()).toEqual([1, 2]); // slot 0 is reusable 1 s after its response
    vi.advanceTimersByTime(999);
    expect(numbers()).toEqual([1, 2]);
    vi.advanceTimersByTime(1);
    expect(numbers()).toEqual([1, 2, 3]);
    expect(sent[2].slot).toBe(0);
  });

  it("hands back what waits on stop, sends nothing after, and stops its timer", () => {
    const { q, sent, numbers } = queue(10, 1);
    for (let n = 1; n <= 3; n++) q.offer(item(n));
    q.release(sent[0]);
    q.pump();
    expect(vi.getTimerCount()).toBe(1);
    expect(q.stop().map((i) => i.n)).toEqual([2, 3]);
    expect([q.inFlight, q.waiting, vi.getTimerCount()]).toEqual([0, 0, 0]);
    q.pump();
    expect(numbers()).toEqual([1]);
  });
});
