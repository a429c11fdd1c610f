/**
 * Text that is not valid Unicode: a lone UTF-16 surrogate (`"\ud800"` is legal JSON and a legal JS string, but no
 * character; the database driver cannot store it). Inputs are checked at the edge so that such a value is a field
 * error (422), never a failed write (500). Client-safe.
 */
export const LONE_SURROGATE_MESSAGE = "Contains a lone UTF-16 surrogate (\\uD800–\\uDFFF without its pair): not valid text";

/**
 * The dotted path of the first string in `value` (nested objects and arrays, keys too) that is not well-formed, or
 * null. Walked with a stack of its own, so that a deeply nested body cannot overflow the call stack.
 */
export function illFormedTextPath(value: unknown): string | null {
  const stack: [unknown, string][] = [[value, ""]];
  const join = (path: string, key: string) => (path ? `${path}.${key}` : key);
  while (stack.length > 0) {
    const [v, path] = stack.pop()!;
    if (typeof v === "string") {
      if (!v.isWellFormed()) return path || "_";
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push([v[i], join(path, String(i))]);
    } else if (v && typeof v === "object") {
      const entries = Object.entries(v);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [k, child] = entries[i];
        if (!k.isWellFormed()) return join(path, k.toWellFormed());
        stack.push([child, join(path, k)]);
      }
    }
  }
  return null;
}
