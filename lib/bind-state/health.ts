import "server-only";
import v8 from "node:v8";
import { db } from "../db";
import { connectorAlive, readAccountStatuses } from "./read";

export type Health = {
  status: "ok" | "degraded" | "error";
  database: "ok" | "error";
  /** Whether a connector process is heartbeating (it publishes the bind states this reads). */
  connector: "running" | "not running" | "unknown";
  /** Enabled accounts whose binds are all bound (as published, not stale) / enabled accounts. */
  connectors: { bound: number; total: number };
  /** This web process: resident set, V8 heap in use and V8's heap limit (scripts/app-node-flags.ts sets one). */
  memory: { rssMB: number; heapUsedMB: number; heapLimitMB: number };
};

const mb = (bytes: number) => Math.round(bytes / 1048576);

function memory(): Health["memory"] {
  const { rss, heapUsed } = process.memoryUsage();
  return {
    rssMB: mb(rss),
    heapUsedMB: mb(heapUsed),
    heapLimitMB: mb(v8.getHeapStatistics().heap_size_limit),
  };
}

/**
 * The database answers; the bind states the connector process published there (any web process can tell); this
 * process's memory. Degraded when an enabled account is not fully bound or no connector is running.
 */
export async function connectorHealth(): Promise<Health> {
  try {
    const enabled = await db.routingAccount.findMany({ where: { enabled: true }, select: { id: true, enabled: true } });
    const [statuses, alive] = await Promise.all([readAccountStatuses(enabled), connectorAlive()]);
    const bound = statuses.filter((s) => s.state === "bound" && !s.stale).length;
    const degraded = bound < statuses.length || (!alive && enabled.length > 0);
    return {
      status: degraded ? "degraded" : "ok",
      database: "ok",
      connector: alive ? "running" : "not running",
      connectors: { bound, total: statuses.length },
      memory: memory(),
    };
  } catch {
    return { status: "error", database: "error", connector: "unknown", connectors: { bound: 0, total: 0 }, memory: memory() };
  }
}
