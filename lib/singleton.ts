/**
 * One value per process, however many times its module is evaluated: Next bundles instrumentation.ts (where the
 * connector runs) and the route handlers separately, and dev reloads evaluate modules again, so a module-level
 * value could exist twice. The first call makes it (`make`), every later call with the same name returns it.
 * (The Epic Stack's `singleton()` does the same.)
 */
export function singleton<T>(name: string, make: () => T): T {
  const store = globalThis as unknown as Record<symbol, unknown>;
  const key = Symbol.for(`sms-console.${name}`);
  if (!(key in store)) store[key] = make();
  return store[key] as T;
}
