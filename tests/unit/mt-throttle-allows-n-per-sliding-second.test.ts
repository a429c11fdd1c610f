import { describe, expect, it } from "vitest";
import { MtThrottle } from "@/lib/smpp/throttle";

describe("MtThrottle (mtPerSecond, strict per 1-second window at the SMSC)", () => {
  it("lets N through, then reuses a slot only 1 s after its submit_sm_resp", () => {
    const t = new MtThrottle(3);
    const slots = [t.tryTake(0), t.tryTake(10), t.tryTake(20)];
    expect(slots).toEqual([0, 1, 2]);
    // The oldest MT is still unanswered: wait for its response, however long.
    expect(t.delay(5000)).toBe(Infinity);
    expect(t.tryTake(5000)).toBeNull();
    t.settle(0, 40);
    expect(t.delay(500)).toBe(540);
    expect(t.tryTake(1039)).toBeNull();
    expect(t.tryTake(1040)).toBe(0);
  });

  it("never lets more than N reach the SMSC in any 1-second window, whatever the delays on the way", () => {
    const n = 5;
    const t = new MtThrottle(n);
    const arrivals: number[] = [];
    const inFlight: { slot: number; respondAt: number }[] = [];
    // MT reach the SMSC after 0–30 ms (jitter), answered 1 ms later, answer back after 0–30 ms; callers retry every 0.25 ms.
    let seed = 1;
    const jitter = () => ((seed = (seed * 16807) % 2147483647) % 3000) / 100;
    for (let now = 0; now < 10_000; now += 0.25) {
      for (let i = inFlight.length - 1; i >= 0; i--) {
        if (inFlight[i].respondAt <= now) {
          t.settle(inFlight[i].slot, now);
          inFlight.splice(i, 1);
        }
      }
      const slot = t.tryTake(now);
      if (slot === null) continue;
      const arrival = now + jitter();
      arrivals.push(arrival);
      inFlight.push({ slot, respondAt: arrival + 1 + jitter() });
    }
    arrivals.sort((a, b) => a - b);
    for (let i = n; i < arrivals.length; i++) expect(arrivals[i] - arrivals[i - n]).toBeGreaterThanOrEqual(1000);
    expect(arrivals.length).toBeGreaterThan(40);
  });

  it("is unlimited at 0", () => {
    const t = new MtThrottle(0);
    for (let i = 0; i < 10_000; i++) expect(t.tryTake(0)).toBe(-1);
    expect(t.unlimited).toBe(true);
  });
});
