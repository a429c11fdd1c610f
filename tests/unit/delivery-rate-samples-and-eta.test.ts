import { describe, expect, it } from "vitest";
import { addRateSample, currentRate, etaSeconds, parseRateSamples, type RatePoint } from "@/lib/deliveries/rate-samples";

describe("MT per second samples", () => {
  it("adds counts per second and merges old points pairwise past 600, keeping every MT", () => {
    const points: RatePoint[] = [];
    for (let s = 0; s < 2000; s++) addRateSample(points, 1000 + s, 10);
    addRateSample(points, 2999, 5);
    expect(points.length).toBeLessThanOrEqual(601);
    expect(points.reduce((n, p) => n + p[2], 0)).toBe(20_005);
    // Recent seconds stay at one-second resolution, old ones are wider.
    expect(points[points.length - 1]).toEqual([2999, 1, 15]);
    expect(points[0][1]).toBeGreaterThan(1);
    // Points stay contiguous and ordered.
    for (let i = 1; i < points.length; i++) expect(points[i][0]).toBe(points[i - 1][0] + points[i - 1][1]);
  });

  it("gives the rate of the last whole seconds, and an ETA from it", () => {
    const points: RatePoint[] = [
      [100, 1, 400],
      [101, 1, 500],
      [102, 1, 500],
      [103, 1, 100],
    ];
    expect(currentRate(points, 103, 2)).toBe(500);
    expect(currentRate(points, 103, 5, 100)).toBeCloseTo(1400 / 3, 5);
    expect(etaSeconds(1000, 500)).toBe(2);
    expect(etaSeconds(0, 0)).toBe(0);
    expect(etaSeconds(10, 0)).toBeNull();
  });

  it("reads back what it stores and ignores garbage", () => {
    expect(parseRateSamples(JSON.stringify([[1, 1, 2]]))).toEqual([[1, 1, 2]]);
    expect(parseRateSamples("not json")).toEqual([]);
    expect(parseRateSamples('[[1,"a",2]]')).toEqual([]);
  });
});
