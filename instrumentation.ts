/**
 * Next.js calls register() once when the server process starts: the connector service (binds, MO, SR, MT
 * dispatch) runs in this process. Skipped on the edge runtime and when CONNECTOR=off (e.g. a second web-only
 * instance, or the e2e server that starts its own).
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  if (process.env.CONNECTOR === "off") return;
  const { startConnectorService } = await import("./lib/connector/boot");
  try {
    await startConnectorService();
  } catch (e) {
    // The console must still serve pages when the connector cannot start (e.g. a database not migrated yet).
    console.error("[connector] could not start:", e instanceof Error ? e.message : e);
  }
}
