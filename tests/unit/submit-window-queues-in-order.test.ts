import { describe, expect, it } from "vitest";
import { SubmitWindow } from "@/lib/smpp/window";

describe("SubmitWindow", () => {
  it("says when there is room and hands out waiting items first in, first out, across growth", () => {
    const w = new SubmitWindow<number>(2);
    expect(w.hasRoom).toBe(true);
    w.inFlight = 2;
    expect(w.hasRoom).toBe(false);
    for (let i = 0; i < 100; i++) w.enqueue(i);
    const out: number[] = [];
    for (let i = 0; i < 40; i++) out.push(w.dequeue()!);
    for (let i = 100; i < 150; i++) w.enqueue(i);
    expect(w.waiting).toBe(110);
    out.push(...w.drain());
    expect(out).toEqual(Array.from({ length: 150 }, (_, i) => i));
    expect(w.dequeue()).toBeUndefined();
  });

  it("refuses a window below 1", () => {
    expect(() => new SubmitWindow(0)).toThrow(RangeError);
  });
});
