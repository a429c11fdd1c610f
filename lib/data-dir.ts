import path from "node:path";

/** Where the app keeps its files (SQLite, traces, generated secrets): DATA_DIR, else ./data. */
export function dataDir(): string {
  return process.env.DATA_DIR && process.env.DATA_DIR.trim() !== ""
    ? process.env.DATA_DIR
    : path.join(/*turbopackIgnore: true*/ process.cwd(), "data");
}
