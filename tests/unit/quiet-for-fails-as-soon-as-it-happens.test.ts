import { describe, expect, it } from "vitest";
import { eventually, quietFor } from "../support/eventually";

describe("the test kit's waits", () => {
  it("quietFor passes when nothing happens and fails on the first poll that sees it happen", async () => {
    await expect(quietFor(60, () => false, "the thing")).resolves.toBeUndefined();
    let polls = 0;
    await expect(quietFor(10_000, () => ++polls === 3, "the thing")).rejects.toThrow("the thing happened within 10000 ms");
    expect(polls).toBe(3);
  });

  it("eventually returns the first truthy value and names what it waited for when it times out", async () => {
    let n = 0;
    expect(await eventually(() => (++n >= 2 ? "yes" : ""))).toBe("yes");
    await expect(eventually(() => false, 30, "the answer")).rejects.toThrow("Timed out waiting for the answer");
  });
});
