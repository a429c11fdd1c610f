import "server-only";
import { startDispatcher } from "../deliveries/dispatch";
import { getConnector } from "./service";

/**
 * Starts the connector and the MT dispatcher in the server process (called from instrumentation.ts) and unbinds every bind on
 * SIGTERM / SIGINT, so that the SMSC sees a clean unbind rather than a dropped connection.
 */
export async function startConnectorService(): Promise<void> {
  const connector = getConnector();
  if (connector.running) return;
  await connector.start();
  // MT dispatch (engineer D) runs on the connector's transmit binds and stops with it.
  const dispatcher = startDispatcher(connector);
  connector.attach({ stop: () => dispatcher.stop() });
  const bound = connector.statuses();
  console.log(`[connector] started: ${bound.length} enabled account(s)`);

  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    const deadline = new Promise<void>((r) => setTimeout(r, 3000).unref());
    void Promise.race([connector.stop(), deadline])
      .catch((e) => console.error("[connector] stop failed:", (e as Error).message))
      .finally(() => {
        // Next's own handler exits once its server has closed; exit ourselves only when nobody else will.
        if (process.listenerCount(signal) === 0) process.exit(signal === "SIGINT" ? 130 : 143);
      });
  };
  process.once("SIGTERM", onSignal);
  process.once("SIGINT", onSignal);
}
