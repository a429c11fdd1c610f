import { describe, expect, it } from "vitest";
import {
  bindWarnings,
  latencyQuantile,
  type BindEventInput,
  type BindWarningInput,
  type LatencyBucket,
} from "@/lib/bind-state/warnings";

const now = new Date("2026-12-03T12:00:00Z");
const ago = (minutes: number) => new Date(now.getTime() - minutes * 60_000);
const ev = (kind: string, minutesAgo: number, over: Partial<BindEventInput> = {}): BindEventInput => ({
  kind,
  role: "transceiver",
  connectionIndex: 0,
  at: ago(minutesAgo),
  durationMs: null,
  cause: null,
  ...over,
});
const buckets = (counts: Record<string, number>): LatencyBucket[] =>
  [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, Infinity].map((le) => ({ le, count: counts[String(le)] ?? 0 }));

const input = (over: Partial<BindWarningInput> = {}): BindWarningInput => ({
  now,
  events: [],
  receipts: { matched: 0, unmatched: 0 },
  latency: buckets({}),
  mtTimeoutSeconds: 30,
  ...over,
});
const codes = (over: Partial<BindWarningInput>) => bindWarnings(input(over)).map((w) => w.code);

describe("bind warnings", () => {
  it("none for a quiet account with one bind since the start", () => {
    expect(codes({ events: [ev("bound", 300)] })).toEqual([]);
  });

  describe("more than one re-bind in the last hour", () => {
    const flap = (minutesAgo: number) => [ev("dropped", minutesAgo + 1, { durationMs: 4 * 3600_000 }), ev("bound", minutesAgo)];
    it("warns at two re-binds of one connection within the hour, naming it", () => {
      const w = bindWarnings(input({ events: [ev("bound", 600), ...flap(50), ...flap(10)] }));
      expect(w.map((x) => x.code)).toContain("rebinds");
      expect(w.find((x) => x.code === "rebinds")!.message).toMatch(/^2 re-binds in the last hour on transceiver 1/);
    });
    it("not for one re-bind, nor for two when one is older than an hour", () => {
      expect(codes({ events: [ev("bound", 600), ...flap(10)] })).not.toContain("rebinds");
      expect(codes({ events: [ev("bound", 600), ...flap(90), ...flap(10)] })).not.toContain("rebinds");
    });
    it("counts per connection: one re-bind on each of two connections is not a warning", () => {
      const other = { connectionIndex: 1 };
      const events = [ev("bound", 600), ev("bound", 600, other), ...flap(10), ev("dropped", 11, other), ev("bound", 10, other)];
      expect(codes({ events })).not.toContain("rebinds");
    });
    it("the first bind of a connection is not a re-bind", () => {
      expect(codes({ events: [ev("bound", 5), ev("bound", 5, { connectionIndex: 1 })] })).toEqual([]);
    });
  });

  describe("a connection that lasted less than an hour", () => {
    it("warns when the SMSC or the network dropped one after less than an hour in the last 24 h", () => {
      const w = bindWarnings(input({ events: [ev("dropped", 30, { durationMs: 125_000, cause: "socket closed" })] }));
      expect(w.map((x) => x.code)).toEqual(["shortConnection"]);
      expect(w[0].message).toContain("2 min 5 s: socket closed");
    });
    it("not for a long one, our own unbind, or a short one more than 24 h ago", () => {
      expect(codes({ events: [ev("dropped", 30, { durationMs: 2 * 3600_000 })] })).toEqual([]);
      expect(codes({ events: [ev("unbound", 30, { durationMs: 60_000 })] })).toEqual([]);
      expect(codes({ events: [ev("dropped", 25 * 60, { durationMs: 60_000 })] })).toEqual([]);
    });
  });

  describe("SR matching below 95 %", () => {
    it("warns under 95 % of the last 24 h's receipts matched, with the figures", () => {
      const w = bindWarnings(input({ receipts: { matched: 94, unmatched: 6 } }));
      expect(w.map((x) => x.code)).toEqual(["srMatching"]);
      expect(w[0].message).toContain("Only 94 %");
      expect(w[0].message).toContain("6 of 100");
    });
    it("not at 95 % or without receipts", () => {
      expect(codes({ receipts: { matched: 95, unmatched: 5 } })).toEqual([]);
      expect(codes({ receipts: { matched: 0, unmatched: 0 } })).toEqual([]);
    });
  });

  describe("submit_sm_resp slower than the MT expiration", () => {
    it("warns when the slowest 1 % of submit_sm waited as long as the MT expiration", () => {
      // 98 fast answers and 2 timeouts of a 1 s expiration (seen at 1.0x s, in the 2.5 s bucket).
      const w = bindWarnings(input({ mtTimeoutSeconds: 1, latency: buckets({ "0.01": 98, "2.5": 2 }) }));
      expect(w.map((x) => x.code)).toEqual(["slowSubmitResp"]);
      expect(w[0].message).toContain("MT expiration (1 s)");
    });
    it("warns when the answers are beyond the last bucket and the expiration is its bound", () => {
      expect(codes({ mtTimeoutSeconds: 30, latency: buckets({ "0.01": 10, Infinity: 5 }) })).toEqual(["slowSubmitResp"]);
    });
    it("not when 99 % answer well within the expiration, nor without measures", () => {
      expect(codes({ mtTimeoutSeconds: 1, latency: buckets({ "0.01": 999, "2.5": 1 }) })).toEqual([]);
      expect(codes({ mtTimeoutSeconds: 30, latency: buckets({ "0.05": 500, "5": 20 }) })).toEqual([]);
      expect(codes({})).toEqual([]);
    });
  });

  it("gives every warning that holds, in a fixed order", () => {
    expect(
      codes({
        events: [
          ev("bound", 600),
          ev("dropped", 40, { durationMs: 1000 }),
          ev("bound", 39),
          ev("dropped", 20, { durationMs: 1000 }),
          ev("bound", 19),
        ],
        receipts: { matched: 1, unmatched: 1 },
        mtTimeoutSeconds: 1,
        latency: buckets({ "2.5": 3 }),
      }),
    ).toEqual(["rebinds", "shortConnection", "srMatching", "slowSubmitResp"]);
  });
});

describe("latencyQuantile", () => {
  it("interpolates within the bucket as Prometheus' histogram_quantile does", () => {
    expect(latencyQuantile(buckets({ "0.01": 50, "0.025": 50 }), 0.5)).toBeCloseTo(0.01);
    expect(latencyQuantile(buckets({ "1": 100 }), 0.99)).toBeCloseTo(0.5 + 0.5 * 0.99);
    expect(latencyQuantile(buckets({ Infinity: 3 }), 0.99)).toBe(30);
    expect(latencyQuantile(buckets({}), 0.99)).toBeNull();
  });
});
