import { describe, expect, it } from "vitest";
import { commitIsolatingFailures, CommitQueue } from "@/lib/connector/commit-queue";

describe("group commit queue", () => {
  it("commits items pushed in the same tick together, and those pushed during a commit in the next one", async () => {
    const batches: number[][] = [];
    let release: (() => void) | null = null;
    const q = new CommitQueue<number, number>(async (items) => {
      batches.push(items);
      if (batches.length === 1) await new Promise<void>((r) => (release = r));
      return items.map((i) => i * 10);
    });
    const first = [1, 2, 3].map((i) => q.push(i));
    await new Promise((r) => setImmediate(r));
    const second = [4, 5].map((i) => q.push(i));
    expect(batches).toEqual([[1, 2, 3]]);
    release!();
    expect(await Promise.all([...first, ...second])).toEqual([10, 20, 30, 40, 50]);
    expect(batches).toEqual([
      [1, 2, 3],
      [4, 5],
    ]);
  });

  it("rejects every item of a failed commit and goes on with the next ones", async () => {
    let fail = true;
    const q = new CommitQueue<string, string>(async (items) => {
      if (fail) throw new Error("database refused");
      return items;
    });
    const refused = Promise.allSettled([q.push("a"), q.push("b")]);
    expect((await refused).map((r) => r.status)).toEqual(["rejected", "rejected"]);
    fail = false;
    expect(await q.push("c")).toBe("c");
  });

  it("splits a long queue into batches of at most maxBatch", async () => {
    const sizes: number[] = [];
    const q = new CommitQueue<number, number>(async (items) => {
      sizes.push(items.length);
      return items;
    }, 4);
    await Promise.all(Array.from({ length: 10 }, (_, i) => q.push(i)));
    expect(sizes).toEqual([4, 4, 2]);
  });
});

describe("a poison item in a batch", () => {
  it("is refused alone while the rest of its batch commits", async () => {
    const commit = async (items: string[]) => {
      if (items.includes("poison"))
        throw Object.assign(new Error("FOREIGN KEY constraint failed"), { code: "SQLITE_CONSTRAINT_FOREIGNKEY" });
      return items.map((i) => i.toUpperCase());
    };
    const q = new CommitQueue<string, string>((items) => commitIsolatingFailures(items, commit));
    const results = await Promise.allSettled(["a", "poison", "b"].map((i) => q.push(i)));
    expect(results.map((r) => (r.status === "fulfilled" ? r.value : "refused"))).toEqual(["A", "refused", "B"]);
  });

  it("fails the whole batch at once while the database is locked", async () => {
    let calls = 0;
    const commit = async (items: string[]): Promise<string[]> => {
      calls++;
      throw Object.assign(new Error(`database is locked (${items.length} items)`), { code: "SQLITE_BUSY" });
    };
    const q = new CommitQueue<string, string>((items) => commitIsolatingFailures(items, commit));
    const results = await Promise.allSettled(["a", "b", "c"].map((i) => q.push(i)));
    expect(results.every((r) => r.status === "rejected")).toBe(true);
    expect(calls).toBe(1);
  });
});
