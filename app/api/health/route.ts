import { connectorHealth } from "@/lib/connector/health";

export const dynamic = "force-dynamic";

/** No auth (load balancers, uptime checks): {status, database, connectors: {bound, total}}. Says nothing secret. */
export async function GET(): Promise<Response> {
  const health = await connectorHealth();
  return Response.json(health, { status: health.status === "ok" ? 200 : 503 });
}
