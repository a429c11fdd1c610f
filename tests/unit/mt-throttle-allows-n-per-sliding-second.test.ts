import { describe, expect, it } from "vitest";
import { MtThrottle } from "@/lib/smpp/throttle";

describe("MtThrottle (mtPerSecond, strict per 1-second window)", () => {
  it("lets N through, then makes the next wait until the oldest is 1 s old", () => {
    const t = new MtThrottle(3);
    expect([t.tryTake(0), t.tryTake(10), t.tryTake(20)]).toEqual([0, 0, 0]);
    expect(t.tryTake(30)).toBe(970);
    expect(t.tryTake(999.5)).toBeCloseTo(0.5);
    expect(t.tryTake(1000)).toBe(0);
    expect(t.tryTake(1005)).toBe(5);
  });

  it("never allows more than N in ANY 1-second window, also across a second boundary", () => {
    const n = 5;
    const t = new MtThrottle(n);
    const sent: number[] = [];
    // Callers that retry every 0.25 ms for 5 s.
    for (let now = 0; now < 5000; now += 0.25) if (t.tryTake(now) === 0) sent.push(now);
    for (let i = n; i < sent.length; i++) expect(sent[i] - sent[i - n]).toBeGreaterThanOrEqual(1000);
    expect(sent.length).toBe(25);
  });

  it("is unlimited at 0", () => {
    const t = new MtThrottle(0);
    for (let i = 0; i < 10_000; i++) expect(t.tryTake(0)).toBe(0);
    expect(t.unlimited).toBe(true);
  });
});
