import { describe, expect, it } from "vitest";
import { SendPacer } from "@/lib/deliveries/send-pacer";

// A simulated clock: sends whenever the pacer allows, answers each submit_sm `rtt` ms later, and checks the receive
// times (send + a random delay below the answer time) never hold more than N in any 1-second window.
function simulate(perSecond: number, rtt: number, durationMs: number, jitter: (i: number) => number) {
  const pacer = new SendPacer(perSecond);
  const received: number[] = [];
  const answers: { at: number; ticket: number }[] = [];
  let now = 0;
  while (now < durationMs) {
    for (const a of answers.filter((x) => x.at <= now)) pacer.answered(a.ticket, a.at);
    for (let i = answers.length - 1; i >= 0; i--) if (answers[i].at <= now) answers.splice(i, 1);
    const wait = pacer.delay(now);
    if (wait === 0) {
      const ticket = pacer.record(now);
      const i = received.length;
      // Received somewhere between the send and the answer.
      received.push(now + jitter(i) * rtt);
      answers.push({ at: now + rtt, ticket });
      continue;
    }
    now += Number.isFinite(wait) ? Math.max(0.01, Math.min(wait, 0.25)) : 0.25;
  }
  return received;
}

function maxInAnyWindow(times: number[]): number {
  const t = [...times].sort((a, b) => a - b);
  let best = 0;
  for (let lo = 0, hi = 0; hi < t.length; hi++) {
    while (t[hi] - t[lo] >= 1000) lo++;
    best = Math.max(best, hi - lo + 1);
  }
  return best;
}

describe("SendPacer", () => {
  it("keeps every 1-second window of receive times at or under the limit, whatever the delay on the way", () => {
    for (const [perSecond, rtt] of [
      [50, 2],
      [250, 30],
      [500, 1],
    ] as const) {
      // Worst case: one second's worth arrives as late as possible, the next as early as possible.
      const times = simulate(perSecond, rtt, 5000, (i) => (Math.floor(i / perSecond) % 2 === 0 ? 0.99 : 0));
      expect(maxInAnyWindow(times)).toBeLessThanOrEqual(perSecond);
      // …and still close to the limit over time (one round trip per second lost at most, plus the pacing step).
      expect(times.length).toBeGreaterThanOrEqual(Math.floor(perSecond * 5 * (1000 / (1000 + rtt + 2))) - perSecond);
    }
  });

  it("waits for an answer when the submit_sm of a second ago is still outstanding", () => {
    const pacer = new SendPacer(2);
    expect(pacer.delay(0)).toBe(0);
    const a = pacer.record(0);
    expect(pacer.delay(1)).toBe(0);
    pacer.record(1);
    expect(pacer.delay(1200)).toBe(Infinity);
    pacer.answered(a, 1300);
    expect(pacer.delay(1300)).toBeCloseTo(1001, 5);
    expect(pacer.delay(2301)).toBe(0);
  });

  it("spreads sends: no more than 20 ms worth in a burst", () => {
    const pacer = new SendPacer(1000);
    let n = 0;
    while (pacer.delay(0) === 0) {
      pacer.record(0);
      n++;
    }
    expect(n).toBe(20);
  });

  it("is unlimited at 0", () => {
    const pacer = new SendPacer(0);
    for (let i = 0; i < 10_000; i++) {
      expect(pacer.delay(0)).toBe(0);
      pacer.record(0);
    }
  });
});
