// A process of its own running the connector and the dispatcher on DATABASE_URL, for the kill -9 / SIGTERM test
// (tests/integration/delivery-resumes-after-kill.test.ts). Prints "ready" once started.
import { startDispatcher } from "@/lib/deliveries/dispatch";
import { Connector } from "@/lib/connector/service";
import { closeWriter } from "@/lib/storage/writer";

async function main() {
  const connector = new Connector({ sweepMs: 1000, log: () => undefined });
  await connector.start();
  const dispatcher = startDispatcher(connector, { log: (m) => console.error(`[child] ${m}`) });
  process.once("SIGTERM", () => {
    void (async () => {
      await dispatcher.stop();
      await connector.stop();
      await closeWriter();
      process.exit(0);
    })();
  });
  console.log("ready");
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
