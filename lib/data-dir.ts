import fs from "node:fs";
import path from "node:path";

/** Where the app keeps its files (SQLite, traces, generated secrets): DATA_DIR, else ./data. */
export function dataDir(): string {
  return process.env.DATA_DIR && process.env.DATA_DIR.trim() !== ""
    ? process.env.DATA_DIR
    : path.join(/*turbopackIgnore: true*/ process.cwd(), "data");
}

/**
 * Makes `dir` (and its missing parents) readable by the owner only (0700): the data folder holds the database, the
 * sealing key and traces. A folder that already exists keeps its mode.
 */
export function makePrivateDir(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
}
