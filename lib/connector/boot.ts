import "server-only";
import { BindStatePublisher } from "../bind-state/publish";
import { startDispatcher, type DispatcherOptions } from "../deliveries/dispatch";
import { startJournalThread } from "../deliveries/journal-thread";
import { SendJournal } from "../deliveries/send-journal";
import { getWriter } from "../storage/writer";
import { watchChange } from "../changes/counter";
import { watchAccountChanges } from "./account-watch";
import { getConnector } from "./service";
import { errorMessage } from "@/lib/errors";

export type ConnectorServiceOptions = {
  /**
   * Account and delivery changes come from other processes (the web): watch the "accounts" and "deliveries" change
   * counters. Off when the connector runs inside the web process (CONNECTOR=in-process), where they reach it in memory.
   */
  watchChanges?: boolean;
  /** How long SIGTERM / SIGINT may take (unbind every bind, commit the dispatcher's last outcomes), ms. */
  stopDeadlineMs?: number;
  /**
   * On SQLite, the send journal's claims and commits run on a worker thread with its own connection
   * (lib/deliveries/journal-thread.ts; the process must run the sources under tsx). Unset: on the event loop.
   */
  journalThread?: boolean;
  /** The dispatcher's poll and commit pace (lib/deliveries/dispatch.ts); its journal is the one chosen here. */
  dispatcher?: Omit<DispatcherOptions, "journal">;
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
  const stopWatching = opts.watchChanges ? await watchAccountChanges({ log: (m) => console.error(m) }) : null;
  const publisher = new BindStatePublisher(connector, { writer: getWriter(), nodeId: connector.nodeId });
  await connector.start();
  const thread = opts.journalThread ? await startJournalThread() : null;
  const dispatcher = startDispatcher(connector, { ...opts.dispatcher, journal: new SendJournal(getWriter(), thread) });
  // A delivery started or cancelled by a web process wakes the dispatcher at once rather than at its next poll
  // (250 ms): 25 ms on SQLite is a prepared read of one row, 40 a second; on PostgreSQL a NOTIFY.
  const stopDeliveryWatch = opts.watchChanges
    ? await watchChange("deliveries", async () => dispatcher.wake(), {
        pollMs: getWriter().kind === "sqlite" ? 25 : undefined,
        log: (m) => console.error(m),
      })
    : null;
  connector.attach({
    stop: async () => {
      await stopDeliveryWatch?.();
      await dispatcher.stop();
      await thread?.close();
    },
  });
  await publisher.start();
  console.log(
    `[connector] started (node ${publisher.nodeId}): ${connector.statuses().length} enabled account(s)${thread ? ", the send journal on its own thread" : ""}`,
  );

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
