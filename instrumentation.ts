/**
 * Next.js calls register() once when the server process starts. The connector (binds, MO, SR, MT dispatch) runs in
 * its own process (`npm run connector`, supervised by `npm start`), so by default this does nothing.
 * CONNECTOR=in-process runs it inside the web server instead (the old single-process mode, kept for comparison
 * benches): then a heavy request can delay the binds.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  // The sign-in throttle keys on the client address: a client's own X-Forwarded-For must not choose it.
  const { dropClientForwardedFor } = await import("./lib/http/client-address");
  dropClientForwardedFor();
  // Under `npm start`: stop if the launcher is killed (it runs this process in a group of its own).
  const { stopWhenSupervisorDies } = await import("./lib/process/parent-watch");
  stopWhenSupervisorDies();
  if (process.env.CONNECTOR !== "in-process") return;
  const { startConnectorService } = await import("./lib/connector/boot");
  try {
    await startConnectorService();
  } catch (e) {
    // The console must still serve pages when the connector cannot start (e.g. a database not migrated yet).
    console.error("[connector] could not start:", e instanceof Error ? e.message : e);
  }
}
