import { expect, test } from "./support/fixtures";

// npm start runs next with the heap limit of scripts/app-node-flags.ts (issue 5: under 300 MB RSS while sending
// 1,000,000 recipients, bench/app-memory.ts); node's own limit on this machine would be several GB.
test("the server started by npm start runs with a 192 MB old space (heap limit under 300 MB, not node's ~4 GB) and reports its memory", async ({
  request,
}) => {
  const res = await request.get("/api/health");
  expect(res.status()).toBe(200);
  const { memory } = (await res.json()) as { memory: { rssMB: number; heapUsedMB: number; heapLimitMB: number } };
  // heap_size_limit = old space + young generation: 192 MB + a few tens.
  expect(memory.heapLimitMB).toBeGreaterThanOrEqual(192);
  expect(memory.heapLimitMB).toBeLessThan(300);
  expect(memory.heapUsedMB).toBeGreaterThan(0);
});
