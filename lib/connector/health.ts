import "server-only";
import v8 from "node:v8";
import { db } from "../db";
import { getConnector } from "./service";

export type Health = {
  status: "ok" | "degraded" | "error";
  database: "ok" | "error";
  /** Enabled accounts whose binds are all bound / enabled accounts the connector supervises. */
  connectors: { bound: number; total: number };
  /** This process: resident set, V8 heap in use and V8's heap limit (npm start sets one: scripts/app-node-flags.ts). */
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

/** The database answers a query; the connector's accounts and how many are fully bound; the process's memory. */
export async function connectorHealth(): Promise<Health> {
  let database: Health["database"] = "ok";
  try {
    await db.$queryRawUnsafe("SELECT 1");
  } catch {
    database = "error";
  }
  const statuses = getConnector().statuses();
  const bound = statuses.filter((s) => s.state === "bound").length;
  const status = database === "error" ? "error" : bound < statuses.length ? "degraded" : "ok";
  return { status, database, connectors: { bound, total: statuses.length }, memory: memory() };
}
