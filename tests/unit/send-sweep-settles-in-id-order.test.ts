import { describe, expect, it } from "vitest";
import { SendSweep } from "@/lib/deliveries/send-sweep";

// The send journal's in-memory sweep (lib/deliveries/send-sweep.ts): the settled mark it writes is just below the
// first swept recipient still open, whatever order the answers come back in.
describe("a delivery's sweep", () => {
  it("settles up to the first recipient still open, answers coming back out of order", () => {
    const s = new SendSweep(0);
    s.add([3, 5, 8, 9], 9);
    expect(s.settled()).toBe(2);
    s.settle([8, 5]);
    expect(s.settled()).toBe(2);
    expect(s.open).toBe(2);
    s.settle([3]);
    expect(s.settled()).toBe(8);
    s.settle([9]);
    expect(s.settled()).toBe(9);
    expect(s.open).toBe(0);
  });

  it("gives the mark a batch would leave without recording it", () => {
    const s = new SendSweep(10);
    s.add([11, 12, 13], 13);
    expect(s.settledWith(new Set([11, 12]))).toBe(12);
    expect(s.settled()).toBe(10);
    expect(s.settledWith(new Set([11, 12, 13]))).toBe(13);
  });

  it("ignores ids it never swept or already settled (claimed one by one behind the mark, answered twice)", () => {
    const s = new SendSweep(100);
    s.add([101, 104], 110);
    expect(s.has(50)).toBe(false);
    expect(s.has(102)).toBe(false);
    expect(s.has(104)).toBe(true);
    s.settle([50, 102, 101]);
    expect(s.open).toBe(1);
    s.settle([101]);
    expect(s.open).toBe(1);
    expect(s.settled()).toBe(103);
    s.settle([104]);
    // Everything swept is settled: the mark is the sweep's own, past the last id (110: rows skipped as quarantined).
    expect(s.settled()).toBe(110);
  });

  it("keeps its memory to what is open over a long delivery", () => {
    const s = new SendSweep(0);
    for (let from = 1; from <= 100_000; from += 500) {
      const ids = Array.from({ length: 500 }, (_, i) => from + i);
      s.add(ids, from + 499);
      s.settle(ids.slice().reverse());
      expect(s.settled()).toBe(from + 499);
    }
    expect(s.open).toBe(0);
    expect((s as unknown as { ids: number[] }).ids.length).toBeLessThan(2000);
  });
});
