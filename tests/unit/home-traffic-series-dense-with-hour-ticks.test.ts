import { describe, expect, it } from "vitest";
import { buildSeries, hasTraffic, hourTicks, minuteToEpoch, trafficWindow, type MinuteCount } from "@/lib/traffic/series";

describe("trafficWindow", () => {
  it("ends with the minute `now` falls in and starts 1439 minutes before", () => {
    const w = trafficWindow(new Date("2026-12-03T10:15:42.500Z"));
    expect(w.minutes).toBe(1440);
    expect(new Date(w.start).toISOString()).toBe("2026-12-02T10:16:00.000Z");
  });
});

describe("buildSeries", () => {
  const w = trafficWindow(new Date("2026-12-03T10:15:42Z"), 60);
  const c = (series: MinuteCount["series"], accountId: string, minute: string, n: number): MinuteCount => ({
    series,
    accountId,
    minute,
    n,
  });

  it("puts each count at its minute, zeros elsewhere, and totals it", () => {
    const s = buildSeries(
      [c("mt", "a", "2026-12-03T10:15", 7), c("mt", "a", "2026-12-03T09:16", 2), c("srFailed", "a", "2026-12-03T10:00", 1)],
      ["a", "b"],
      w,
    );
    const a = s.get("a")!;
    expect(a.mt[59]).toBe(7);
    expect(a.mt[0]).toBe(2);
    expect(a.mt.filter((n) => n > 0)).toHaveLength(2);
    expect(a.srFailed[44]).toBe(1);
    expect(a.totals).toEqual({ mt: 9, mo: 0, srDelivered: 0, srFailed: 1 });
    expect(hasTraffic(a)).toBe(true);
    expect(hasTraffic(s.get("b")!)).toBe(false);
    expect(s.get("b")!.mo).toHaveLength(60);
  });

  it("leaves out minutes outside the window, unknown accounts and malformed minutes", () => {
    const s = buildSeries(
      [
        c("mo", "a", "2026-12-03T09:15", 5),
        c("mo", "a", "2026-12-03T10:16", 5),
        c("mo", "x", "2026-12-03T10:00", 5),
        c("mo", "a", "soon", 5),
      ],
      ["a"],
      w,
    );
    expect(s.get("a")!.totals.mo).toBe(0);
    expect(s.has("x")).toBe(false);
  });

  it("reads a minute as UTC", () => {
    expect(minuteToEpoch("2026-12-03T10:15")).toBe(Date.parse("2026-12-03T10:15:00Z"));
    expect(minuteToEpoch("2026-12-03 10:15")).toBeNaN();
  });
});

describe("hourTicks", () => {
  it("gives local round hours every 3 hours within the window", () => {
    const w = trafficWindow(new Date("2026-12-03T10:15:42Z"));
    const end = w.start + (w.minutes - 1) * 60_000;
    const ticks = hourTicks(w.start, end);
    expect(ticks.length).toBe(8);
    for (const t of ticks) {
      const d = new Date(t);
      expect(d.getMinutes()).toBe(0);
      expect(d.getHours() % 3).toBe(0);
      expect(t).toBeGreaterThanOrEqual(w.start);
      expect(t).toBeLessThanOrEqual(end);
    }
    expect(ticks[1] - ticks[0]).toBe(3 * 3600_000);
  });

  it("starts on the window's first instant when it is a round hour", () => {
    const start = new Date(2026, 11, 3, 6, 0, 0).getTime();
    expect(hourTicks(start, start + 3600_000)[0]).toBe(start);
  });
});
