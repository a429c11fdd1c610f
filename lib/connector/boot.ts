import "server-only";
import { BindStatePublisher } from "../bind-state/publish";
import { startDispatcher } from "../deliveries/dispatch";
import { getWriter } from "../storage/writer";
import { watchAccountChanges } from "./account-watch";
import { getConnector } from "./service";
import { errorMessage } from "@/lib/errors";

export type ConnectorServiceOptions = {
  /**
   * Account changes come from other processes (the web): poll the "accounts" change counter. Off when the connector
   * runs inside the web process (CONNECTOR=in-process), where a save reaches it in memory.
   */
  watchAccounts?: boolean;
  /** How long SIGTERM / SIGINT may take (unbind every bind, commit the dispatcher's last outcomes), ms. */
  stopDeadlineMs?: number;
};

/**
 * Starts the connector, its MT dispatcher (the connector is the dispatcher's SendPort) and the publisher of its bind
 * states, and unbinds every bind on SIGTERM / SIGINT, so that the SMSC sees a clean unbind rather than a dropped
 * connection. Runs in the connector process (scripts/connector.ts), or in the web process (instrumentation.ts).
 */
export async function startConnectorService(opts: ConnectorServiceOptions = {}): Promise<void> {
  const connector = getConnector();
  if (connector.running) return;
  // Before the connector lists the accounts, so that a save in between is seen as a change.
  const stopWatching = opts.watchAccounts ? await watchAccountChanges({ log: (m) => console.error(m) }) : null;
  const publisher = new BindStatePublisher(connector, { writer: getWriter(), nodeId: connector.nodeId });
  await connector.start();
  const dispatcher = startDispatcher(connector);
  connector.attach({ stop: () => dispatcher.stop() });
  await publisher.start();
  console.log(`[connector] started (node ${publisher.nodeId}): ${connector.statuses().length} enabled account(s)`);

  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    const deadline = new Promise<void>((r) => setTimeout(r, opts.stopDeadlineMs ?? 3000).unref());
    const stop = async () => {
      await stopWatching?.();
      await connector.stop();
      await publisher.stop();
    };
    void Promise.race([stop(), deadline])
      .catch((e) => console.error("[connector] stop failed:", errorMessage(e)))
      .finally(() => {
        // Next's own handler exits once its server has closed; exit ourselves only when nobody else will.
        if (process.listenerCount(signal) === 0) process.exit(signal === "SIGINT" ? 130 : 143);
      });
  };
  process.once("SIGTERM", onSignal);
  process.once("SIGINT", onSignal);
}
