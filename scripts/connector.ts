/**
 * `npm run connector`: the connector process — binds of every enabled account, MO/SR commits, automatic replies and
 * delivery dispatch — on DATABASE_URL. `npm start` runs it beside the web server and restarts it when it dies; it can
 * also run alone (a second machine, or the web elsewhere). SIGTERM / SIGINT unbind every bind, then it exits.
 * Bind states go to the database (BindState, BindEvent, ConnectorNode), account changes come from it (ChangeCounter).
 */
import { stopWhenSupervisorDies } from "../lib/process/parent-watch";
import { prepareDatabase } from "./prepare-db";
import { errorMessage } from "@/lib/errors";

async function main() {
  // Alone, it migrates the database as `npm start` does; under `npm start` the launcher has done it (SMS_DB_PREPARED).
  if (process.env.SMS_DB_PREPARED !== "1") await prepareDatabase();
  const { startConnectorService } = await import("../lib/connector/boot");
  // JOURNAL_THREAD=off keeps the send journal's SQLite work on the connector's event loop (A/B in bench/).
  await startConnectorService({ watchChanges: true, stopDeadlineMs: 8000, journalThread: process.env.JOURNAL_THREAD !== "off" });
  stopWhenSupervisorDies();
}

main().catch((e) => {
  console.error("[connector] could not start:", errorMessage(e));
  process.exit(1);
});
