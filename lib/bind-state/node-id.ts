import os from "node:os";

/** A connector process's node id: stable for its life, unique across restarts and machines. */
export function newNodeId(): string {
  return `${os.hostname()}:${process.pid}:${Date.now().toString(36)}`;
}
