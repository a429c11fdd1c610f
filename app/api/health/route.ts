import { connectorHealth } from "@/lib/bind-state/health";

export const dynamic = "force-dynamic";

/**
 * No auth (load balancers, uptime checks): {status, database, connector, connectors: {bound, total}, memory}. Says nothing secret.
 * 503 only when the database is unreachable: an SMSC refusing binds makes the app "degraded", not down (taking the
 * console out of a load balancer would not bring the SMSC back).
 */
export async function GET(): Promise<Response> {
  const health = await connectorHealth();
  return Response.json(health, { status: health.database === "ok" ? 200 : 503 });
}
