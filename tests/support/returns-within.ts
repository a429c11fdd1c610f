import vm from "node:vm";

/**
 * Runs `fn` and throws "Script execution timed out" when it has not returned after `budgetMs`. vitest's own
 * timeout cannot stop synchronous code: a regex that backtracks for hours would hang the run instead of failing it.
 * The budget is a hang guard, far above the answer's real time, not a speed assertion.
 */
export function returnsWithin<T>(budgetMs: number, fn: () => T): T {
  return vm.runInNewContext("fn()", { fn }, { timeout: budgetMs }) as T;
}
