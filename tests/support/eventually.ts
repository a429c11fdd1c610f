// Waiting in tests without fixed sleeps: `eventually` polls for what must come; `quietFor` gives what must NOT come
// the time to (wrongly) happen, and fails at once if it does.

const POLL_MS = 20;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `check` until it returns a truthy value, which it returns; throws after `timeoutMs`. */
export async function eventually<T>(
  check: () => Promise<T> | T,
  timeoutMs = 10_000,
  what = "condition",
): Promise<NonNullable<T>> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v as NonNullable<T>;
    if (Date.now() > end) throw new Error(`Timed out waiting for ${what}`);
    await sleep(POLL_MS);
  }
}

/**
 * Lets `ms` pass while nothing should happen; with `happened`, polls it meanwhile and throws as soon as it is true
 * (naming `what`). For a test that proves an absence: no more submit_sm after a cancel, no second answer.
 */
export async function quietFor(ms: number, happened?: () => Promise<boolean> | boolean, what = "something"): Promise<void> {
  const end = Date.now() + ms;
  for (;;) {
    if (happened && (await happened())) throw new Error(`${what} happened within ${ms} ms`);
    const left = end - Date.now();
    if (left <= 0) return;
    await sleep(Math.min(POLL_MS, left));
  }
}
