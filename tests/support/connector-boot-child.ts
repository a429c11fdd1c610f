// Child process of the connector-unbinds-on-sigterm, sr-regexes-run-in-linear-time and delivery-changes-reach-the-
// connector-process tests: starts the connector on the DATABASE_URL it is given, says "ready" once its binds are up.
// No argument: the way instrumentation.ts does (CONNECTOR=in-process). `own-process <dispatcher poll ms>`: the way
// scripts/connector.ts does (change counters watched, the journal thread), with the dispatcher's poll given.
import { startConnectorService } from "@/lib/connector/boot";
import { getConnector } from "@/lib/connector/service";

async function main() {
  const [mode, pollMs] = process.argv.slice(2);
  await startConnectorService(
    mode === "own-process"
      ? {
          watchChanges: true,
          journalThread: true,
          dispatcher: { pollMs: Number(pollMs) },
        }
      : {},
  );
  const connector = getConnector();
  const ids = connector.statuses().map((s) => s.accountId);
  await Promise.all(ids.map((id) => connector.waitForState(id, "bound", 10_000)));
  process.send!("ready");
}

void main();
