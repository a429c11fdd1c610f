import "server-only";
import { db } from "../db";
import { getConnector } from "./service";

export type Health = {
  status: "ok" | "degraded" | "error";
  database: "ok" | "error";
  /** Enabled accounts whose binds are all bound / enabled accounts the connector supervises. */
  connectors: { bound: number; total: number };
};

/** The database answers a query; the connector's accounts and how many are fully bound. */
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
  return { status, database, connectors: { bound, total: statuses.length } };
}
