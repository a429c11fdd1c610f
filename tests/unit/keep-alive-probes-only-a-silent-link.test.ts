import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { KeepAlive } from "@/lib/smpp/keep-alive";
import { SmppSessionError } from "@/lib/smpp/session-errors";

/** A link whose PDUs received the test counts, whose probes it answers or lets time out. */
function link() {
  const state = { received: 0, probes: [] as number[], dead: [] as string[] };
  let answer: (() => void) | null = null;
  let timeOut: (() => void) | null = null;
  const keepAlive = new KeepAlive(1000, {
    received: () => state.received,
    probe: (timeoutMs) => {
      state.probes.push(timeoutMs);
      return new Promise((resolve, reject) => {
        answer = () => resolve(undefined);
        timeOut = () => reject(new SmppSessionError("session", "mt_timeout", "No enquire_link_resp"));
      });
    },
    dead: (reason, error) => state.dead.push(`${reason} | ${error.code}: ${error.message}`),
  });
  return { state, keepAlive, answer: () => answer?.(), timeOut: () => timeOut?.() };
}

describe("KeepAlive", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("sends nothing while PDUs keep coming, and one enquire_link (timeout twice the period) after a silent period", async () => {
    const { state, keepAlive, answer } = link();
    keepAlive.start();
    for (let i = 0; i < 3; i++) {
      state.received++;
      await vi.advanceTimersByTimeAsync(1000);
    }
    expect(state.probes).toEqual([]);
    await vi.advanceTimersByTimeAsync(1000);
    expect(state.probes).toEqual([2000]);
    // No second probe while the first is awaited.
    await vi.advanceTimersByTimeAsync(1000);
    expect(state.probes).toEqual([2000]);
    state.received++; // its enquire_link_resp
    answer();
    await vi.advanceTimersByTimeAsync(0);
    state.received++; // then some other PDU
    await vi.advanceTimersByTimeAsync(1000);
    expect(state.probes).toEqual([2000]);
    // A silent period again.
    await vi.advanceTimersByTimeAsync(1000);
    expect(state.probes).toEqual([2000, 2000]);
    expect(state.dead).toEqual([]);
    keepAlive.stop();
  });

  it("declares the connection dead when the enquire_link_resp does not come in time", async () => {
    const { state, keepAlive, timeOut } = link();
    keepAlive.start();
    await vi.advanceTimersByTimeAsync(1000);
    timeOut();
    await vi.advanceTimersByTimeAsync(0);
    expect(state.dead).toEqual([
      "no enquire_link_resp within 2 s: connection dead | timeout: " +
        "No enquire_link_resp within 2 s (twice the enquire_link period): the connection is dead",
    ]);
    keepAlive.stop();
  });

  it("sends nothing once stopped", async () => {
    const { state, keepAlive } = link();
    keepAlive.start();
    keepAlive.stop();
    await vi.advanceTimersByTimeAsync(5000);
    expect(state.probes).toEqual([]);
    expect(vi.getTimerCount()).toBe(0);
  });
});
