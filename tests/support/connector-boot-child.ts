// Child process of the connector-unbinds-on-sigterm and sr-regexes-run-in-linear-time tests: starts the connector the
// way instrumentation.ts does, on the DATABASE_URL it is given, says "ready" once its binds are up.
import { startConnectorService } from "@/lib/connector/boot";
import { getConnector } from "@/lib/connector/service";

async function main() {
  await startConnectorService();
  const connector = getConnector();
  const ids = connector.statuses().map((s) => s.accountId);
  await Promise.all(ids.map((id) => connector.waitForState(id, "bound", 10_000)));
  process.send!("ready");
}

void main();
