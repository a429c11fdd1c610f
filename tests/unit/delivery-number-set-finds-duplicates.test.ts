import { describe, expect, it } from "vitest";
import { PhoneNumberSet } from "@/lib/deliveries/number-set";

describe("PhoneNumberSet", () => {
  it("tells new numbers from those already added, like a Set, across growths", () => {
    const set = new PhoneNumberSet();
    const ref = new Set<number>();
    const added: number[] = [];
    const disagreements: number[] = [];
    let seed = 42;
    const rnd = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296;
    for (let i = 0; i < 200_000; i++) {
      // 6- to 15-digit numbers; every fifth one repeats an earlier number.
      const key =
        i % 5 === 4 ? added[Math.floor(rnd() * added.length)] : 100_000 + Math.floor(rnd() * rnd() * 999_999_999_000_000);
      // Collected, not asserted one by one: 200,000 expect() calls took over 5 s on a loaded machine.
      if (set.add(key) !== !ref.has(key)) disagreements.push(key);
      ref.add(key);
      added.push(key);
    }
    expect(disagreements).toEqual([]);
    expect(set.size).toBe(ref.size);
    for (const k of added.slice(0, 1000)) expect(set.has(k)).toBe(true);
    expect(set.has(447700900123)).toBe(ref.has(447700900123));
    expect(set.add(999_999_999_999_999)).toBe(true);
    expect(set.add(999_999_999_999_999)).toBe(false);
  });
});
