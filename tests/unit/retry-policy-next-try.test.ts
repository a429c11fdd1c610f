import { describe, expect, it } from "vitest";
import { nextRetryAt } from "@/lib/deliveries/soft-retry";

// Issue 11: the one retry rule of soft SR errors and soft submit_sm refusals (Adobe's delivery retry policy).
describe("nextRetryAt", () => {
  const now = Date.parse("2026-12-02T12:00:00Z");
  const policy = { retries: 0, retryCount: 3, retryPeriodSeconds: 60, validUntil: null };

  it("is one retry period ahead while retries are left", () => {
    expect(nextRetryAt(policy, now)?.toISOString()).toBe("2026-12-02T12:01:00.000Z");
    expect(nextRetryAt({ ...policy, retries: 2 }, now)).not.toBeNull();
  });

  it("is null once the retries are used up, or when the try would fall at or past the validity period", () => {
    expect(nextRetryAt({ ...policy, retries: 3 }, now)).toBeNull();
    expect(nextRetryAt({ ...policy, retryCount: 0 }, now)).toBeNull();
    expect(nextRetryAt({ ...policy, validUntil: new Date(now + 60_000) }, now)).toBeNull();
    expect(nextRetryAt({ ...policy, validUntil: new Date(now + 60_001) }, now)).not.toBeNull();
  });
});
